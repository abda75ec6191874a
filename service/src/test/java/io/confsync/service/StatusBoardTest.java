package io.confsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.JsonDocument;
import io.confsync.manifest.RelPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusBoardTest {

    @TempDir
    Path tmp;

    /** A clock the test moves. */
    private static final class Hand extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00.123456789Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Closed after each test: its writer thread must be done with the file before the folder goes. */
    private StatusBoard open;

    @org.junit.jupiter.api.AfterEach
    void closeBoard() {
        if (open != null) {
            open.close();
        }
    }

    private StatusBoard board(Hand clock) {
        String t = clock.now.toString();
        open = new StatusBoard(tmp.resolve("status.json"), "c", "n1", List.of(
                NodeStatus.initial("n1", "source", "watching", t), NodeStatus.initial("n2", "standby", "connecting", t)),
                clock, Duration.ofSeconds(60));
        return open;
    }

    private Map<?, ?> read(StatusBoard b) throws Exception {
        b.close();
        return JsonDocument.read(Files.readString(tmp.resolve("status.json")));
    }

    private static Map<?, ?> node(Map<?, ?> doc, String name) {
        return ((List<?>) doc.get("nodes")).stream().map(o -> (Map<?, ?>) o).filter(m -> name.equals(m.get("node")))
                .findFirst().orElseThrow();
    }

    @Test
    void render_standbyDownWithAChangePending_showsSeqLagPathsAndAge() throws Exception {
        Hand clock = new Hand();
        StatusBoard b = board(clock);
        b.started(1, 4);
        b.update("n2", s -> s.with("ready", null, b.now()).withSeq(4));
        b.update("n2", s -> s.with("down", "connect to 127.0.0.1:1: connection refused", b.now()));
        b.changed(5, clock.millis(), Set.of(RelPath.of("etc/aliases")));
        clock.now = clock.now.plusSeconds(3);
        b.tick(); // a lagging standby: the file is written again, with the age as of now

        Map<?, ?> doc = read(b);
        assertThat(doc.get("schema")).isEqualTo(JsonDocument.SCHEMA);
        assertThat(doc.get("seq")).isEqualTo(5);
        Map<?, ?> n2 = node(doc, "n2");
        assertThat(n2.get("state")).isEqualTo("down");
        assertThat(n2.get("seq")).isEqualTo(4);
        assertThat(n2.get("seq_lag")).isEqualTo(1);
        assertThat(n2.get("pending_paths")).isEqualTo(1);
        assertThat(n2.get("lag_seconds")).isEqualTo(3.0);
        assertThat(n2.get("oldest_pending")).isEqualTo("2026-12-02T10:00:00.123Z");
        assertThat(n2.get("last_error_at")).isEqualTo("2026-12-02T10:00:00.123Z");
        assertThat(n2.keySet().stream().map(Object::toString)).contains("drift_now", "reverted", "in_flight",
                "bytes_sent", "last_hook", "withheld_reason");
        assertThat(node(doc, "n1").get("seq_lag")).isNull();
    }

    @Test
    void render_standbyCaughtUp_lagIsZero() throws Exception {
        Hand clock = new Hand();
        StatusBoard b = board(clock);
        b.started(1, 4);
        b.changed(5, clock.millis(), Set.of(RelPath.of("etc/a")));
        b.update("n2", s -> s.afterBatch(b.now(), 5, 100).with("ready", null, b.now()));

        Map<?, ?> n2 = node(read(b), "n2");
        assertThat(n2.get("seq_lag")).isEqualTo(0);
        assertThat(n2.get("pending_paths")).isEqualTo(0);
        assertThat(n2.get("lag_seconds")).isEqualTo(0.0);
        assertThat(n2.get("last_batch")).isEqualTo("2026-12-02T10:00:00.123Z");
    }

    @Test
    void tick_standbyDownLongerThanAlarmAfter_raisesTheAlarmAndClearsItWhenBack() throws Exception {
        Hand clock = new Hand();
        StatusBoard b = board(clock);
        b.started(1, 1);
        b.update("n2", s -> s.with("down", "connect to 127.0.0.1:1: connection refused", b.now()));
        clock.now = clock.now.plusSeconds(59);
        b.tick();
        b.update("n2", s -> s.with("down", "connect to 127.0.0.1:1: connection refused", b.now()));
        assertThat(alarms(b)).isEmpty();

        clock.now = clock.now.plusSeconds(1);
        b.tick();
        assertThat(alarms(b)).singleElement().asString().startsWith("n2: down since 2026-12-02T10:00:00.123Z")
                .contains("alarm-after").contains("connection refused");

        b.update("n2", s -> s.with("ready", null, b.now()));
        assertThat(alarms(b)).isEmpty();
    }

    @Test
    void update_refusedOrFailedHook_raisesAnAlarmPerNode() throws Exception {
        Hand clock = new Hand();
        StatusBoard b = board(clock);
        b.update("n2", s -> s.with("refused", "HOST KEY CHANGED for [127.0.0.1]:2", b.now()));
        b.update("n2", s -> s.withHook("'newaliases' FAILED, exit 1 in 3 ms", true));
        assertThat(alarms(b)).containsExactly("n2: hook failed: 'newaliases' FAILED, exit 1 in 3 ms",
                "n2: refused: HOST KEY CHANGED for [127.0.0.1]:2");
        b.update("n2", s -> s.withHook("'newaliases' exit 0 in 3 ms", false).with("ready", null, b.now()));
        assertThat(alarms(b)).isEmpty();
    }

    private static List<String> alarms(StatusBoard b) {
        return b.alarms();
    }
}
