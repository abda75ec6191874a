package io.confsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.RelPath;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangeHistoryTest {

    private static Set<RelPath> paths(String... p) {
        Set<RelPath> s = new HashSet<>();
        for (String x : p) {
            s.add(RelPath.of(x));
        }
        return s;
    }

    @Test
    void lag_standbyBehindTwoChangeSets_countsTheirPathsOnceAndTheOldestTime() {
        ChangeHistory h = new ChangeHistory();
        h.start(5);
        h.add(6, 1_000, paths("etc/a", "etc/b"));
        h.add(7, 2_000, paths("etc/b", "etc/c"));

        assertThat(h.lag(5)).isEqualTo(new ChangeHistory.Lag(2L, 3, 1_000L));
        assertThat(h.lag(6)).isEqualTo(new ChangeHistory.Lag(1L, 2, 2_000L));
        assertThat(h.lag(7)).isEqualTo(ChangeHistory.Lag.NONE);
    }

    @Test
    void lag_standbyNotReachedOrBehindTheHistory_unknownPartsAreNull() {
        ChangeHistory h = new ChangeHistory();
        h.start(5);
        h.add(6, 1_000, paths("etc/a"));

        assertThat(h.lag(-1)).isEqualTo(ChangeHistory.Lag.UNKNOWN);
        assertThat(h.lag(3)).isEqualTo(new ChangeHistory.Lag(3L, null, null));
    }

    @Test
    void forgetUpTo_whatEveryStandbyHolds_isDroppedAndLagStaysRightForTheRest() {
        ChangeHistory h = new ChangeHistory();
        h.start(0);
        h.add(1, 1_000, paths("etc/a"));
        h.add(2, 2_000, paths("etc/b"));
        h.forgetUpTo(1);

        assertThat(h.lag(1)).isEqualTo(new ChangeHistory.Lag(1L, 1, 2_000L));
        assertThat(h.lag(0)).isEqualTo(new ChangeHistory.Lag(2L, null, null));
    }

    @Test
    void add_beyondThePathBound_forgetsTheOldestChangeSets() {
        ChangeHistory h = new ChangeHistory();
        h.start(0);
        Set<RelPath> big = new HashSet<>();
        for (int i = 0; i < ChangeHistory.MAX_PATHS; i++) {
            big.add(RelPath.of("etc/f" + i));
        }
        h.add(1, 1_000, big);
        h.add(2, 2_000, paths("etc/x"));

        assertThat(h.lag(0)).isEqualTo(new ChangeHistory.Lag(2L, null, null));
        assertThat(h.lag(1)).isEqualTo(new ChangeHistory.Lag(1L, 1, 2_000L));
    }
}
