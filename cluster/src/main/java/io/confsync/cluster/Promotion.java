package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.ClusterStateStore;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.conf.StateException;
import io.confsync.transfer.session.NodeReport;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code promote}'s logic: survey the other nodes, decide (Galera's safe-to-bootstrap in confsync's
 * terms), take epoch max+1 durably, and resync every reachable node from this one.
 */
public final class Promotion {

    private static final Logger LOG = LoggerFactory.getLogger(Promotion.class);

    private final Config config;
    private final boolean acceptNew;
    private final ClusterStateStore store;
    private final Probe.Lent connectors;

    /**
     * @param config     this node's configuration
     * @param acceptNew  trust unknown host keys on first contact
     * @param connectors where the survey's and the resync's links come from: {@link Probe.Lent#OWN},
     *                   or a running service's for a command handed to it
     */
    public Promotion(Config config, boolean acceptNew, Probe.Lent connectors) {
        this.config = config;
        this.acceptNew = acceptNew;
        this.store = SourceClaim.store(config);
        this.connectors = connectors;
    }

    /**
     * What promote learned and would do.
     *
     * @param survey    every other node's answer, and this node's own state
     * @param refusals  why this node should not be promoted; empty if it is safe
     * @param epoch     the epoch it would take
     * @param reachable the nodes it would resync
     */
    public record Decision(Survey survey, List<String> refusals, long epoch, List<Node> reachable) {
    }

    /**
     * Asks every other node for its state, read-only, and decides; an unreachable node that
     * {@code fenced} names is known to be down (an HA manager fenced it) and so refuses nothing, a
     * reachable node ahead of this one still does.
     *
     * @throws IOException if the SSH identity cannot be read
     */
    public Decision decide(java.util.function.Predicate<String> fenced) throws IOException, InterruptedException {
        ClusterState own = ownState();
        List<Node> others = config.nodes().stream().filter(n -> !n.name().equals(config.node())).toList();
        List<Probe.Visit<Void>> visits = new Probe(config, acceptNew, StateFence.standing(own), connectors)
                .visit(others, s -> null);
        Survey survey = new Survey(config, own, visits);
        long epoch = Math.addExact(survey.highestEpoch(), 1); // adopted epochs stay far below overflow
        List<Node> reachable = visits.stream().filter(Probe.Visit::reachable).map(Probe.Visit::node).toList();
        return new Decision(survey, survey.refusals(fenced), epoch, reachable);
    }

    /** This node's state; a damaged one counts as knowing nothing (then every peer with data is ahead). */
    private ClusterState ownState() {
        try {
            return store.read();
        } catch (StateException e) {
            LOG.warn("{}", e.getMessage());
            return ClusterState.fresh(config.cluster());
        }
    }

    /**
     * Takes the new epoch durably.
     *
     * @throws ClusterRefusal if a newer epoch reached this node meanwhile
     * @throws StateException if the state cannot be written
     */
    public ClusterState take(long epoch) throws StateException, IOException {
        ClusterState s;
        try {
            s = store.read();
        } catch (StateException e) {
            s = null;
        }
        if (s != null && s.epoch() >= epoch) {
            throw new ClusterRefusal("epoch " + s.epoch() + " reached this node while promoting; run promote again");
        }
        if (s == null) {
            // A damaged file is replaced only by an explicit promote (with the operator's --force if peers had data).
            Files.deleteIfExists(store.file());
        }
        ClusterState promoted = new ClusterState(config.cluster(), epoch, config.node(), 0, null).next();
        if (!store.update(x -> x.epoch() >= epoch ? x : promoted).equals(promoted)) {
            throw new ClusterRefusal("a newer epoch reached this node while promoting; run promote again");
        }
        return promoted;
    }

    /**
     * Brings the reachable nodes to this node's tree as the source of {@code state} (a dry run plans).
     *
     * @throws IOException if the SSH identity cannot be read
     */
    public List<NodeReport> resync(List<Node> nodes, ClusterState state, boolean dryRun)
            throws IOException, InterruptedException {
        return resync(nodes, state, dryRun, io.confsync.transfer.session.Progress.NONE);
    }

    /** {@link #resync(List, ClusterState, boolean)}, telling {@code progress} how far each push is. */
    public List<NodeReport> resync(List<Node> nodes, ClusterState state, boolean dryRun,
                                   io.confsync.transfer.session.Progress progress)
            throws IOException, InterruptedException {
        return new ClusterSync(config, connectors).run(nodes, state, dryRun, false, acceptNew, progress);
    }
}
