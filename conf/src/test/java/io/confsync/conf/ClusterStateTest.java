package io.confsync.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterStateTest {

    private static final ClusterState AT_2_BY_B = new ClusterState("c", 2, "b", 7, null);

    @Test
    void admit_newerEpoch_adoptsItWithNothingHeld() {
        ClusterState.Admission a = AT_2_BY_B.admit("c", 3);
        assertThat(a.admitted()).isTrue();
        assertThat(a.next()).isEqualTo(new ClusterState("c", 3, "c", 0, null));
    }

    @Test
    void admit_sameEpochSameSource_keepsState() {
        ClusterState.Admission a = AT_2_BY_B.admit("b", 2);
        assertThat(a.admitted()).isTrue();
        assertThat(a.next()).isSameAs(AT_2_BY_B);
    }

    @Test
    void admit_olderEpoch_refusedAsStaleNamingEpochAndSource() {
        ClusterState.Admission a = AT_2_BY_B.admit("a", 1);
        assertThat(a.code()).isEqualTo(ClusterState.Admission.STALE_SOURCE);
        assertThat(a.message()).contains("epoch 2").contains("source b").contains("a must step down");
        assertThat(a.next()).isSameAs(AT_2_BY_B);
    }

    @Test
    void admit_sameEpochOtherSource_refusedAndBothRefusedAfterwards() {
        ClusterState.Admission a = AT_2_BY_B.admit("x", 2);
        assertThat(a.code()).isEqualTo(ClusterState.Admission.SPLIT_BRAIN);
        assertThat(a.message()).contains("b and x").contains("epoch 2");
        ClusterState marked = a.next();
        assertThat(marked.contender()).isEqualTo("x");
        assertThat(marked.isSource("b")).isFalse();

        ClusterState.Admission again = marked.admit("b", 2);
        assertThat(again.code()).isEqualTo(ClusterState.Admission.SPLIT_BRAIN);
        assertThat(again.next()).isSameAs(marked);
        assertThat(marked.admit("x", 3).admitted()).isTrue();
        assertThat(marked.admit("x", 3).next().contender()).isNull();
    }

    @Test
    void admit_freshNode_adoptsAnyEpoch() {
        assertThat(ClusterState.fresh("c").admit("a", 1).next()).isEqualTo(ClusterState.bootstrap("c", "a"));
    }

    @Test
    void admit_epochNoPromoteCanReach_refusedAndNothingAdopted() {
        ClusterState.Admission huge = AT_2_BY_B.admit("x", Long.MAX_VALUE);
        assertThat(huge.code()).isEqualTo(ClusterState.Admission.EPOCH_JUMP);
        assertThat(huge.next()).isEqualTo(AT_2_BY_B);
        assertThat(huge.message()).contains("implausible epoch").contains("x claims epoch " + Long.MAX_VALUE);
        assertThat(AT_2_BY_B.admit("x", 2 + ClusterState.MAX_EPOCH_JUMP + 1).admitted()).isFalse();
        assertThat(AT_2_BY_B.admit("x", 2 + ClusterState.MAX_EPOCH_JUMP).admitted()).isTrue();
        assertThat(ClusterState.fresh("c").admit("x", Long.MAX_VALUE).admitted()).as("not even when fresh").isFalse();
        assertThat(ClusterState.fresh("c").admit("x", 5000).admitted()).as("a fresh node joins any real epoch").isTrue();
    }

    @Test
    void isAheadOf_comparesEpochThenSeq() {
        assertThat(AT_2_BY_B.isAheadOf(new ClusterState("c", 1, "a", 99, null))).isTrue();
        assertThat(AT_2_BY_B.isAheadOf(AT_2_BY_B.holding(6))).isTrue();
        assertThat(AT_2_BY_B.isAheadOf(AT_2_BY_B)).isFalse();
        assertThat(AT_2_BY_B.isAheadOf(AT_2_BY_B.next())).isFalse();
    }

    @Test
    void constructor_sourceWithoutEpoch_throws() {
        assertThatThrownBy(() -> new ClusterState("c", 0, "a", 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AT_2_BY_B.following(2, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
