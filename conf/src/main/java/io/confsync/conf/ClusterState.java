package io.confsync.conf;

import java.util.Objects;

/**
 * A node's durable view of who may push: the cluster's epoch, the source of that epoch, and how
 * many of that source's change sets this node holds ({@code seq}). Epochs only grow; a newer epoch
 * always wins. {@code contender} is a second node seen claiming the same epoch (split brain): the
 * epoch is then refused to both until a {@code promote} opens a newer one. Pure; the store is
 * {@link ClusterStateStore}.
 *
 * @param cluster   cluster name; never null
 * @param epoch     0 for a fresh node that has joined no epoch yet, else 1 or more
 * @param source    the source of {@code epoch}; null only at epoch 0
 * @param seq       change sets of {@code epoch}'s source this node holds (for the source: has made)
 * @param contender a second node that claimed {@code epoch}, or null
 * @param steppedDown the source of {@code epoch} has stepped down (an HA manager's demote,
 *                  {@code confsync step-down}): it pushes no more until a promote opens a newer
 *                  epoch; it still holds its seq, so that a survey can weigh it
 */
public record ClusterState(String cluster, long epoch, String source, long seq, String contender,
                           boolean steppedDown) {

    /** A state whose source, if any, has not stepped down. */
    public ClusterState(String cluster, long epoch, String source, long seq, String contender) {
        this(cluster, epoch, source, seq, contender, false);
    }

    /** Validates. */
    public ClusterState {
        Objects.requireNonNull(cluster, "cluster");
        if (epoch < 0 || seq < 0 || (epoch > 0) != (source != null)) {
            throw new IllegalArgumentException("bad cluster state: epoch " + epoch + ", source " + source
                    + ", seq " + seq);
        }
    }

    /**
     * Written out: a record's generated equals is bootstrapped through method handles on first use,
     * and this one is the first every command calls, at start-up (measured: 55 ms of class spinning
     * before the source opens its SSH sessions, and again on the standby before its hello).
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterState s && epoch == s.epoch && seq == s.seq && cluster.equals(s.cluster)
                && Objects.equals(source, s.source) && Objects.equals(contender, s.contender)
                && steppedDown == s.steppedDown;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, epoch, source, seq, contender, steppedDown);
    }

    /**
     * The highest epoch a node adopts: far beyond any number of promotes, far below where adding one
     * overflows (an epoch of 2^63-1 adopted from a hello once made every later promote fail).
     */
    public static final long MAX_EPOCH = 1L << 53;
    /**
     * The largest step from a node's own epoch that it adopts: each promote adds one, so a node would
     * have to sleep through a thousand failovers to see more. A fresh node (epoch 0) adopts any
     * epoch up to {@link #MAX_EPOCH}.
     */
    public static final long MAX_EPOCH_JUMP = 1000;

    /** A node that has joined no epoch yet. */
    public static ClusterState fresh(String cluster) {
        return new ClusterState(cluster, 0, null, 0, null);
    }

    /** Epoch 1 with the first node of the list as its source. */
    public static ClusterState bootstrap(String cluster, String firstNode) {
        return new ClusterState(cluster, 1, firstNode, 0, null);
    }

    /** True if {@code node} is the source of this epoch, has not stepped down, and no other node contests it. */
    public boolean isSource(String node) {
        return node.equals(source) && contender == null && !steppedDown;
    }

    /** The same epoch, one change set further. */
    public ClusterState next() {
        return new ClusterState(cluster, epoch, source, seq + 1, contender, steppedDown);
    }

    /** This node holds change set {@code n} of the current epoch. */
    public ClusterState holding(long n) {
        return new ClusterState(cluster, epoch, source, n, contender, steppedDown);
    }

    /** The same epoch, its source stepped down (it pushes no more until a promote). */
    public ClusterState steppingDown() {
        return steppedDown ? this : new ClusterState(cluster, epoch, source, seq, contender, true);
    }

    /** A newer epoch with another source, of which this node holds nothing yet. */
    public ClusterState following(long newEpoch, String newSource) {
        if (newEpoch <= epoch) {
            throw new IllegalArgumentException("epoch " + newEpoch + " is not newer than " + epoch);
        }
        return new ClusterState(cluster, newEpoch, newSource, 0, null);
    }

    /** True if this node holds newer configuration than {@code other}: (epoch, seq) compared in order. */
    public boolean isAheadOf(ClusterState other) {
        return epoch != other.epoch ? epoch > other.epoch : seq > other.seq;
    }

    /** (epoch, seq) as operators read it, e.g. {@code epoch 2, seq 17}. */
    public String position() {
        return "epoch " + epoch + ", seq " + seq;
    }

    /**
     * Decides whether {@code sender}, claiming to be the source of {@code claimed}, may push to the
     * node holding this state (see ARCHITECTURE.md, "Roles and the source rule").
     *
     * @return the decision and the state to keep afterwards
     */
    public Admission admit(String sender, long claimed) {
        if (claimed > MAX_EPOCH || epoch > 0 && claimed - epoch > MAX_EPOCH_JUMP) {
            return new Admission(Admission.EPOCH_JUMP, "implausible epoch: " + sender + " claims epoch " + claimed
                    + ", but this node is at epoch " + epoch + " (a promote adds one; more than " + MAX_EPOCH_JUMP
                    + " at once, or beyond " + MAX_EPOCH + ", is refused)", this);
        }
        if (claimed > epoch) {
            return new Admission(null, null, following(claimed, sender));
        }
        if (claimed < epoch) {
            return new Admission(Admission.STALE_SOURCE, "stale source: " + sender + " pushes for epoch " + claimed
                    + ", but this node is at epoch " + epoch + " with source " + source + "; " + sender
                    + " must step down", this);
        }
        if (sender.equals(source) && contender == null) {
            return new Admission(null, null, this);
        }
        String other = sender.equals(source) ? contender : sender;
        ClusterState marked = contender != null ? this : new ClusterState(cluster, epoch, source, seq, sender);
        return new Admission(Admission.SPLIT_BRAIN, "split brain: " + source + " and " + other
                + " both claim to be the source of epoch " + epoch + "; both are refused until 'confsync promote' "
                + "is run on the node whose files should win", marked);
    }

    /**
     * The outcome of {@link #admit}.
     *
     * @param code    null if admitted, else {@link #STALE_SOURCE}, {@link #SPLIT_BRAIN} or {@link #EPOCH_JUMP}
     * @param message one line naming the current epoch and source; null if admitted
     * @param next    the state to keep (a newer epoch is adopted, a contender recorded)
     */
    public record Admission(String code, String message, ClusterState next) {
        /** The sender's epoch is older than this node's. */
        public static final String STALE_SOURCE = "STALE_SOURCE";
        /** Another node already is the source of the sender's epoch. */
        public static final String SPLIT_BRAIN = "SPLIT_BRAIN";
        /** The sender's epoch is one no promote can produce from this node's. */
        public static final String EPOCH_JUMP = "EPOCH_JUMP";

        /** True if the push may go ahead. */
        public boolean admitted() {
            return code == null;
        }
    }
}
