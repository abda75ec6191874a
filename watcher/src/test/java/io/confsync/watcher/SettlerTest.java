package io.confsync.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.RelPath;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SettlerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Settler settler = new Settler(now::get, Duration.ofMillis(20), Duration.ofMillis(200));

    private void advanceMillis(long ms) {
        now.addAndGet(ms * 1_000_000L);
    }

    @Test
    void poll_beforeSettleWindow_isEmptyThenBatchesAllPaths() {
        settler.changed(RelPath.of("etc/a"));
        advanceMillis(10);
        settler.changed(RelPath.of("etc/b"));
        advanceMillis(19);
        assertThat(settler.poll()).isEmpty();

        advanceMillis(1);
        ChangeBatch b = settler.poll().orElseThrow();

        assertThat(b.dirty()).containsExactlyInAnyOrder(RelPath.of("etc/a"), RelPath.of("etc/b"));
        assertThat(b.rescanAll()).isFalse();
        assertThat(settler.poll()).isEmpty();
    }

    @Test
    void poll_continuousWrites_flushAtMaxDelay() {
        for (int i = 0; i < 19; i++) {
            settler.changed(RelPath.of("etc/log"));
            advanceMillis(10);
            assertThat(settler.poll()).isEmpty();
        }
        settler.changed(RelPath.of("etc/log"));
        advanceMillis(10);

        assertThat(settler.poll()).isPresent();
    }

    @Test
    void lost_marksRescanAll() {
        settler.lost("overflow");
        advanceMillis(20);

        assertThat(settler.poll().orElseThrow().rescanAll()).isTrue();
    }

    @Test
    void changed_beyondPendingLimit_becomesRescanAll() {
        for (int i = 0; i <= Settler.MAX_PENDING; i++) {
            settler.changed(RelPath.of("etc/f" + i));
        }
        advanceMillis(20);

        ChangeBatch b = settler.poll().orElseThrow();
        assertThat(b.rescanAll()).isTrue();
        assertThat(b.dirty()).hasSize(Settler.MAX_PENDING);
    }

    @Test
    void nanosUntilReady_tracksTheEarlierDeadline() {
        assertThat(settler.nanosUntilReady()).isEqualTo(-1);
        settler.changed(RelPath.of("etc/a"));
        assertThat(settler.nanosUntilReady()).isEqualTo(20_000_000L);
        advanceMillis(195);
        settler.changed(RelPath.of("etc/a"));
        assertThat(settler.nanosUntilReady()).isEqualTo(5_000_000L);
    }

    @Test
    void poll_fileStillOpenForWriting_waitsForItsCloseNotForTheWindow() {
        Settler s = new Settler(now::get, p -> 20_000_000L, Duration.ofMillis(200), Duration.ofSeconds(10));
        RelPath slow = RelPath.of("etc/slow.conf");
        for (int chunk = 0; chunk < 5; chunk++) {
            s.writing(slow);
            advanceMillis(300);
            assertThat(s.poll()).as("chunk %d written, file still open", chunk).isEmpty();
        }
        s.closed(slow);

        assertThat(s.poll().orElseThrow().dirty()).as("past max-delay, the close ends the wait")
                .containsExactly(slow);
    }

    @Test
    void poll_fileLeftOpen_releasedAtMaxWriteWaitAndForgotten() {
        Settler s = new Settler(now::get, p -> 20_000_000L, Duration.ofMillis(200), Duration.ofSeconds(10));
        s.writing(RelPath.of("etc/held-open"));
        advanceMillis(9_999);
        assertThat(s.poll()).isEmpty();
        advanceMillis(1);
        assertThat(s.poll()).isPresent();

        s.changed(RelPath.of("etc/other"));
        advanceMillis(20);
        assertThat(s.poll()).as("the open file does not hold later batches").isPresent();
    }

    @Test
    void poll_entryWithLongerWindow_keepsItsChangesTogether() {
        RelPath cert = RelPath.of("etc/ssl/site.crt");
        RelPath key = RelPath.of("etc/ssl/site.key");
        Settler s = new Settler(now::get, p -> p.startsWith(RelPath.of("etc/ssl")) ? 150_000_000L : 20_000_000L,
                Duration.ofSeconds(1), Duration.ofSeconds(10));
        s.closed(cert);
        advanceMillis(100);
        assertThat(s.poll()).isEmpty();
        s.closed(key);
        advanceMillis(150);

        assertThat(s.poll().orElseThrow().dirty()).containsExactlyInAnyOrder(cert, key);
    }
}
