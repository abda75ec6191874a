package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The meeting point of one sync's pushes: a change set only when a standby needs a batch. */
class ChangeGateTest {

    private final AtomicInteger taken = new AtomicInteger();

    private ChangeGate gate(int parties, long waitMs) {
        return new ChangeGate(parties, 7, () -> 7 + taken.incrementAndGet(), waitMs);
    }

    private static CompletableFuture<Long> meet(ChangeGate g, boolean needs) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return g.meet(needs);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void meet_everyStandbyInSync_takesNoChangeSet() throws Exception {
        ChangeGate g = gate(3, 60_000);

        var a = meet(g, false);
        var b = meet(g, false);
        long c = g.meet(false);

        assertThat(c).isEqualTo(-1);
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(b.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(taken).hasValue(0);
    }

    @Test
    void meet_oneStandbyNeedsABatch_everyOneGetsTheSameChangeSetTakenOnce() throws Exception {
        ChangeGate g = gate(3, 60_000);

        var inSync = meet(g, false);
        var behind = meet(g, true);
        long other = g.meet(false);

        assertThat(other).isEqualTo(8);
        assertThat(inSync.get(10, TimeUnit.SECONDS)).isEqualTo(8);
        assertThat(behind.get(10, TimeUnit.SECONDS)).isEqualTo(8);
        assertThat(taken).hasValue(1);
    }

    @Test
    void leave_aPushThatFailed_isNotWaitedFor() throws Exception {
        ChangeGate g = gate(2, 60_000);

        g.leave();

        assertThat(g.meet(false)).isEqualTo(-1);
        assertThat(taken).hasValue(0);
    }

    @Test
    void meet_anotherNeverPlans_takesAChangeSetAfterTheWait() throws Exception {
        ChangeGate g = gate(2, 50);

        assertThat(g.meet(false)).isEqualTo(8);
        assertThat(g.meet(true)).isEqualTo(8); // the late one pushes the same change set
        assertThat(taken).hasValue(1);
    }

    @Test
    void meet_changeSetCannotBeRecorded_everyPushFails() {
        ChangeGate g = new ChangeGate(1, 7, () -> {
            throw new IOException("state file is read-only");
        });

        assertThatThrownBy(() -> g.meet(true)).isInstanceOf(IOException.class).hasMessageContaining("read-only");
    }

    @Test
    void fixed_alwaysPushesTheChangeSetGiven() throws Exception {
        ChangeGate g = ChangeGate.fixed(4);

        assertThat(g.meet(false)).isEqualTo(4);
        assertThat(g.meet(true)).isEqualTo(4);
        assertThat(g.current()).isEqualTo(4);
    }
}
