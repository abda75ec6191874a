package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.ClusterStateStore;
import io.confsync.conf.Config;
import io.confsync.conf.StateException;
import io.confsync.transfer.protocol.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this node may push, by the source rule: only the source of its durable epoch does. A
 * node without cluster state that is first in the node list bootstraps epoch 1 (said in the log);
 * a damaged state never grants anything.
 */
public final class SourceClaim {

    private static final Logger LOG = LoggerFactory.getLogger(SourceClaim.class);

    private final ClusterStateStore store;
    private final Config config;

    public SourceClaim(Config config) {
        this.config = config;
        this.store = store(config);
    }

    public static ClusterStateStore store(Config config) {
        return new ClusterStateStore(Wiring.stateDir(config), config.cluster());
    }

    /**
     * This node's state, bootstrapped if it is fresh and first in the list.
     *
     * @throws StateException if the state file is damaged or cannot be written
     */
    public ClusterState current() throws StateException {
        return current(true);
    }

    /**
     * This node's state as {@link #current()} gives it, without writing a bootstrap (dry runs).
     *
     * @throws StateException if the state file is damaged
     */
    public ClusterState peek() throws StateException {
        return current(false);
    }

    private ClusterState current(boolean write) throws StateException {
        ClusterState s = store.read();
        if (s.epoch() != 0 || !config.clusterView().selfIsBootstrapSource()) {
            return s;
        }
        if (!write) {
            return ClusterState.bootstrap(config.cluster(), config.node());
        }
        s = store.update(x -> x.epoch() == 0 ? ClusterState.bootstrap(config.cluster(), config.node()) : x);
        LOG.info("no cluster state yet in {}: bootstrapping epoch 1 with {} (the first node of the list) as "
                + "the source", store.file(), config.node());
        return s;
    }

    /** True if this node is the source of its current epoch. */
    public boolean isSource() throws StateException {
        return current().isSource(config.node());
    }

    /**
     * This node's state if it is the source, for pushing; a dry run writes no bootstrap.
     *
     * @throws ClusterRefusal naming the source and how to override when it is not
     * @throws StateException            if the state file is damaged
     */
    public ClusterState require(String override, boolean dryRun) throws StateException {
        ClusterState s = dryRun ? peek() : current();
        if (!s.isSource(config.node())) {
            throw new ClusterRefusal(notSource(s) + (override == null ? "" : "; " + override));
        }
        return s;
    }

    /** One line saying why this node is not the source. */
    public String notSource(ClusterState s) {
        if (s.contender() != null) {
            return "epoch " + s.epoch() + " is contested by " + s.source() + " and " + s.contender()
                    + " (split brain): run 'confsync promote' on the node whose files should win";
        }
        if (s.epoch() == 0) {
            return "this node (" + config.node() + ") is a standby: it has joined no epoch yet, and "
                    + (config.managed() ? "the source is managed (source: managed): no node is the source until the HA manager promotes one"
                    : "at bootstrap the source is " + config.clusterView().bootstrapSource().name()
                            + ", the first node of the list");
        }
        if (s.steppedDown() && config.node().equals(s.source())) {
            return "this node (" + config.node() + ") stepped down as the source of epoch " + s.epoch()
                    + " (confsync step-down, or the HA manager's demote): it pushes again after a promote";
        }
        return "this node (" + config.node() + ") is a standby: the source of epoch " + s.epoch() + " is "
                + s.source();
    }

    /**
     * Steps down on request (an HA manager's demote): this node, if it is the source, pushes no more
     * in this epoch; its running service stops within a second. Idempotent.
     *
     * @return the state afterwards
     * @throws StateException if the state file is damaged or cannot be written
     */
    public ClusterState stepDownOnRequest() throws StateException {
        return store.update(s -> s.isSource(config.node()) ? s.steppingDown() : s);
    }

    /**
     * Records the next change set this node, the source, is about to push.
     *
     * @return the state with that seq; not the source any more if a newer epoch arrived meanwhile
     * @throws StateException if the state file is damaged or cannot be written
     */
    public ClusterState nextChange() throws StateException {
        return store.update(s -> s.isSource(config.node()) ? s.next() : s);
    }

    /**
     * Records that this node, the source, has made change set {@code seq} (never going back).
     *
     * @return the state, or null if this node is no longer the source
     * @throws StateException if the state file is damaged or cannot be written
     */
    public ClusterState record(long seq) throws StateException {
        ClusterState s = store.update(x -> x.isSource(config.node()) && x.seq() < seq ? x.holding(seq) : x);
        return s.isSource(config.node()) ? s : null;
    }

    /**
     * Steps down after a standby refused this node for a newer epoch: from now on this node follows
     * that epoch's source (and holds none of its changes yet). Idempotent.
     *
     * @return true if this call stepped down
     */
    public boolean stepDown(Message.Refused refusal, String refusedBy) throws StateException {
        boolean[] stepped = {false};
        store.update(s -> {
            if (refusal.epoch() > s.epoch()) {
                stepped[0] = true;
                return s.following(refusal.epoch(), refusal.source());
            }
            return s;
        });
        if (stepped[0]) {
            LOG.warn("stepping down: {} is at epoch {} with source {}, newer than this node's; {} is a standby now "
                    + "and will not push again", refusedBy, refusal.epoch(), refusal.source(), config.node());
        }
        return stepped[0];
    }
}
