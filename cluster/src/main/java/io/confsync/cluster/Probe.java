package io.confsync.cluster;

import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolLimits;
import io.confsync.transfer.session.Fence;
import io.confsync.transfer.session.Link;
import io.confsync.transfer.session.Sender;
import io.confsync.transfer.ssh.Connector;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Read-only visits to other nodes, in parallel, over the normal transport: each node's hello (its
 * epoch, source, seq, protocol version and last error) and whatever one step fetches (a manifest,
 * a file). A read-only session can change nothing on the node: its receiver refuses batches in it.
 */
public final class Probe {

    /** What to fetch in a session. */
    @FunctionalInterface
    public interface Step<T> {
        T fetch(Sender sender) throws IOException;
    }

    /**
     * One node's answer.
     *
     * @param node  the node
     * @param hello its hello; null if unreachable
     * @param value what the step fetched; null if unreachable
     * @param error why it could not be visited, or null
     * @param lastErrorAt when the node's last error (its hello's) was recorded; null if none,
     *                    unknown (a node of protocol 1) or unreachable
     */
    public record Visit<T>(Node node, Message.Hello hello, T value, String error, Instant lastErrorAt) {
        public boolean reachable() {
            return error == null;
        }
    }

    /**
     * What a command borrows from its node's running service: the links (a connector whose open
     * sessions save the key exchanges, closed by the probe once its visits are over) and the hash
     * cache, warm in memory. {@link #OWN} lends nothing: a connector of its own for each round of
     * visits, and the hash cache loaded from the state directory.
     */
    @FunctionalInterface
    public interface Lent {
        Lent OWN = Wiring::connector;

        Connector open(Config config, boolean acceptNew) throws IOException;

        /**
         * The running service's hash cache, if it lends one for {@code config}; empty otherwise.
         * A lent cache is the service's to save: a command only reads and adds to it.
         */
        default java.util.Optional<io.confsync.manifest.HashCache> hashCache(Config config) {
            return java.util.Optional.empty();
        }
    }

    private final Config config;
    private final boolean acceptNew;
    private final Fence.Standing self;
    private final Lent connectors;

    public Probe(Config config, boolean acceptNew, Fence.Standing self) {
        this(config, acceptNew, self, Lent.OWN);
    }

    public Probe(Config config, boolean acceptNew, Fence.Standing self, Lent connectors) {
        this.config = config;
        this.acceptNew = acceptNew;
        this.self = self;
        this.connectors = connectors;
    }

    /**
     * Visits every given node at once; one answer per node, in order. Never throws for a node.
     *
     * @throws IOException if the SSH identity cannot be read
     */
    public <T> List<Visit<T>> visit(List<Node> nodes, Step<T> step) throws IOException, InterruptedException {
        return visit(nodes, step, node -> { });
    }

    /** {@link #visit(List, Step)}, telling {@code answered} each node's name as soon as its visit is over. */
    public <T> List<Visit<T>> visit(List<Node> nodes, Step<T> step, java.util.function.Consumer<String> answered)
            throws IOException, InterruptedException {
        return visitEach(nodes, n -> step, answered);
    }

    /** {@link #visit(List, Step, java.util.function.Consumer)} with a step of each node's own. */
    public <T> List<Visit<T>> visitEach(List<Node> nodes, java.util.function.Function<Node, Step<T>> steps,
                                        java.util.function.Consumer<String> answered)
            throws IOException, InterruptedException {
        List<Visit<T>> out = new ArrayList<>();
        if (nodes.isEmpty()) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try (Connector ssh = connectors.open(config, acceptNew)) {
            List<Future<Visit<T>>> futures = new ArrayList<>();
            for (Node n : nodes) {
                futures.add(pool.submit(() -> {
                    try {
                        return visit(ssh, n, steps.apply(n));
                    } finally {
                        answered.accept(n.name());
                    }
                }));
            }
            for (int i = 0; i < nodes.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    out.add(new Visit<>(nodes.get(i), null, null, io.confsync.manifest.Reason.of(e.getCause()), null));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    private <T> Visit<T> visit(Connector ssh, Node n, Step<T> step) {
        try (Link link = ssh.open(Wiring.target(n))) {
            Sender sender = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);
            Message.Hello hello = sender.open(config.cluster(), config.node(), self, false);
            T value = step.fetch(sender);
            long at = hello.lastError().isEmpty() ? -1 : sender.lastError().at();
            sender.close();
            return new Visit<>(n, hello, value, null, at < 0 ? null : Instant.ofEpochMilli(at));
        } catch (IOException | RuntimeException e) {
            return new Visit<>(n, null, null, io.confsync.manifest.Reason.of(e), null);
        }
    }
}
