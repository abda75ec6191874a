package io.confsync.cli;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.transfer.protocol.Message;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What promote learned from the other nodes: their (epoch, source, seq), the highest epoch, and the
 * reasons not to promote this node (Galera's safe-to-bootstrap, in confsync's terms). Pure once built.
 */
final class Survey {

    private final Config config;
    private final ClusterState own;
    private final List<Probe.Visit<Void>> visits;

    Survey(Config config, ClusterState own, List<Probe.Visit<Void>> visits) {
        this.config = config;
        this.own = own;
        this.visits = List.copyOf(visits);
    }

    /** A peer's standing from its hello. */
    static ClusterState stateOf(String cluster, Message.Hello h) {
        return new ClusterState(cluster, h.epoch(), h.epoch() == 0 || h.source().isEmpty() ? null : h.source(),
                h.seq(), null);
    }

    /**
     * The highest epoch this node or any reachable node holds; an epoch beyond what any node adopts
     * ({@link ClusterState#MAX_EPOCH}, a peer that lies or is broken) does not count.
     */
    long highestEpoch() {
        long max = own.epoch();
        for (Probe.Visit<Void> v : visits) {
            if (v.reachable() && v.hello().epoch() <= ClusterState.MAX_EPOCH) {
                max = Math.max(max, v.hello().epoch());
            }
        }
        return max;
    }

    /** The source of the highest epoch known; at bootstrap, the first node of the list. */
    String currentSource() {
        long max = highestEpoch();
        if (max == own.epoch() && own.source() != null) {
            return own.source();
        }
        for (Probe.Visit<Void> v : visits) {
            if (v.reachable() && v.hello().epoch() == max && !v.hello().source().isEmpty()) {
                return v.hello().source();
            }
        }
        return config.clusterView().bootstrapSource().name();
    }

    /** Why this node should not be promoted; empty if it is safe. */
    List<String> refusals() {
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
            if (!v.reachable()) {
                out.add(v.node().name().equals(source)
                        ? "the current source " + source + " cannot be reached: it may hold changes that never "
                                + "arrived here"
                        : v.node().name() + " cannot be reached: it may hold newer configuration than this node");
            }
        }
        return out;
    }

    /** One line per node: reachable, epoch, seq, source. */
    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "%-20s %-11s %6s %8s  %s%n", "NODE", "REACHABLE", "EPOCH", "SEQ", "SOURCE / ERROR");
        out.printf(Locale.ROOT, "%-20s %-11s %6d %8d  %s%n", config.node() + " (here)", "yes", own.epoch(),
                own.seq(), own.source() == null ? "-" : own.source());
        for (Probe.Visit<Void> v : visits) {
            if (v.reachable()) {
                out.printf(Locale.ROOT, "%-20s %-11s %6d %8d  %s%n", v.node().name(), "yes", v.hello().epoch(),
                        v.hello().seq(), v.hello().source().isEmpty() ? "-" : v.hello().source());
            } else {
                out.printf(Locale.ROOT, "%-20s %-11s %6s %8s  %s%n", v.node().name(), "NO", "-", "-", v.error());
            }
        }
    }
}
