package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.transfer.protocol.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * What promote learned from the other nodes: their (epoch, source, seq), the highest epoch, and the
 * reasons not to promote this node (Galera's safe-to-bootstrap, in confsync's terms). Pure once built.
 */
public final class Survey {

    private final Config config;
    private final ClusterState own;
    private final List<Probe.Visit<Void>> visits;

    public Survey(Config config, ClusterState own, List<Probe.Visit<Void>> visits) {
        this.config = config;
        this.own = own;
        this.visits = List.copyOf(visits);
    }

    /** A peer's standing from its hello. */
    public static ClusterState stateOf(String cluster, Message.Hello h) {
        return new ClusterState(cluster, h.epoch(), h.epoch() == 0 || h.source().isEmpty() ? null : h.source(),
                h.seq(), null);
    }

    /**
     * The highest epoch this node or any reachable node holds; an epoch beyond what any node adopts
     * ({@link ClusterState#MAX_EPOCH}, a peer that lies or is broken) does not count.
     */
    public long highestEpoch() {
        long max = own.epoch();
        for (Probe.Visit<Void> v : visits) {
            if (v.reachable() && v.hello().epoch() <= ClusterState.MAX_EPOCH) {
                max = Math.max(max, v.hello().epoch());
            }
        }
        return max;
    }

    /**
     * The source of the highest epoch known; at bootstrap, the first node of the list, or null when
     * the source is managed.
     */
    public String currentSource() {
        long max = highestEpoch();
        if (max == own.epoch() && own.source() != null) {
            return own.source();
        }
        for (Probe.Visit<Void> v : visits) {
            if (v.reachable() && v.hello().epoch() == max && !v.hello().source().isEmpty()) {
                return v.hello().source();
            }
        }
        return config.managed() ? null : config.clusterView().bootstrapSource().name();
    }

    /**
     * Why this node should not be promoted; empty if it is safe. The nodes {@code fenced} names are
     * known to be down (an HA manager fenced them): that they cannot be reached is then no refusal.
     * A reachable node ahead of this one always is.
     */
    public List<String> refusals(java.util.function.Predicate<String> fenced) {
        List<String> out = new ArrayList<>();
        for (Probe.Visit<Void> v : visits) {
            if (v.reachable() && stateOf(config.cluster(), v.hello()).isAheadOf(own)) {
                out.add(v.node().name() + " holds newer configuration (" + v.hello().epoch() + "/" + v.hello().seq()
                        + " as epoch/seq) than this node (" + own.epoch() + "/" + own.seq() + "): promote "
                        + v.node().name() + " instead");
            }
        }
        // Like Galera's safe_to_bootstrap: a node that cannot be asked may hold newer configuration.
        String source = currentSource();
        for (Probe.Visit<Void> v : visits) {
            if (!v.reachable() && !fenced.test(v.node().name())) {
                out.add(v.node().name().equals(source)
                        ? "the current source " + source + " cannot be reached: it may hold changes that never "
                                + "arrived here"
                        : v.node().name() + " cannot be reached: it may hold newer configuration than this node");
            }
        }
        return out;
    }

    /** This node's name. */
    public String self() {
        return config.node();
    }

    /** This node's own state. */
    public ClusterState own() {
        return own;
    }

    /** Every other node's answer, in list order. */
    public List<Probe.Visit<Void>> visits() {
        return visits;
    }
}
