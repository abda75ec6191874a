package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import io.confsync.transfer.session.ChangeGate;
import io.confsync.transfer.session.NodePush;
import io.confsync.transfer.session.NodeReport;
import io.confsync.transfer.ssh.Connector;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One-shot sync from this node to standbys, in parallel: a slow or dead standby never delays the
 * others. The source is scanned once per push attempt; the hash cache makes that cheap.
 */
public final class ClusterSync {

    private final Config config;
    private final Probe.Lent connectors;

    /** A sync whose links come from {@code connectors}: {@link Probe.Lent#OWN}, or a running service's for a command handed to it. */
    public ClusterSync(Config config, Probe.Lent connectors) {
        this.config = config;
        this.connectors = connectors;
    }

    /**
     * Syncs every given standby as the source of {@code state}'s epoch, bringing them to its change
     * set, and returns one report per standby, in the given order.
     *
     * @throws IOException if the SSH identity cannot be read
     */
    public List<NodeReport> run(List<Node> standbys, ClusterState state, boolean dryRun, boolean force, boolean acceptNew)
            throws IOException, InterruptedException {
        return run(standbys, state, dryRun, force, acceptNew, io.confsync.transfer.session.Progress.NONE);
    }

    /** {@link #run(List, ClusterState, boolean, boolean, boolean)}, telling {@code progress} how far each push is. */
    public List<NodeReport> run(List<Node> standbys, ClusterState state, boolean dryRun, boolean force, boolean acceptNew,
                                io.confsync.transfer.session.Progress progress) throws IOException, InterruptedException {
        return run(standbys, state, ChangeGate.fixed(state.seq()), dryRun, force, acceptNew, progress);
    }

    /**
     * {@link #run(List, ClusterState, boolean, boolean, boolean, io.confsync.transfer.session.Progress)}
     * with the change set taken through {@code next} only if a standby needs a batch: a sync that finds
     * every standby in sync and current writes nothing.
     *
     * @param state the state before this sync
     * @param next  takes the next change set of {@code state}'s epoch
     */
    public List<NodeReport> run(List<Node> standbys, ClusterState state, ChangeGate.Next next, boolean dryRun,
                                boolean force, boolean acceptNew, io.confsync.transfer.session.Progress progress)
            throws IOException, InterruptedException {
        return run(standbys, state, new ChangeGate(standbys.size(), state.seq(), next), dryRun, force, acceptNew,
                progress);
    }

    private List<NodeReport> run(List<Node> standbys, ClusterState state, ChangeGate gate, boolean dryRun,
                                 boolean force, boolean acceptNew, io.confsync.transfer.session.Progress progress)
            throws IOException, InterruptedException {
        Path base = Wiring.base(config);
        NodePush.Settings settings = Wiring.push(config, state.epoch(), force, dryRun);
        List<NodeReport> reports = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(standbys.size() + 1);
        // The hash cache is loaded and the source scanned once for every standby, while the sessions
        // open: the standby's start-up is the longest wait of a one-shot sync.
        java.util.Optional<HashCache> lent = connectors.hashCache(config);
        Future<Scanned> first = pool.submit(() -> Scanned.of(
                lent.orElseGet(() -> HashCache.open(Wiring.stateDir(config))), lent.isEmpty(), base,
                Wiring.rules(config)));
        try (Connector ssh = connectors.open(config, acceptNew)) {
            List<Future<NodeReport>> futures = new ArrayList<>();
            for (Node n : standbys) {
                futures.add(pool.submit(() -> push(ssh, n, settings, sourceScan(first, base), gate, progress)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    reports.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    reports.add(new NodeReport(standbys.get(i).name(), null, null, 0, 0, e.getCause().toString(),
                            null));
                }
            }
        } finally {
            pool.shutdownNow();
            persist(first);
        }
        return reports;
    }

    /**
     * The hash cache (this command's own, or lent by the service), the scanner over it and the
     * first scan of the source.
     */
    private record Scanned(HashCache cache, boolean own, Scanner scanner, ScanResult result) {
        public static Scanned of(HashCache cache, boolean own, Path base, io.confsync.manifest.PathRules rules)
                throws IOException {
            Scanner scanner = new Scanner(cache, Clock.systemUTC());
            return new Scanned(cache, own, scanner, scanner.scan(base, rules));
        }
    }

    /** Writes its own hash cache back, unless the scan failed or was cut short (nothing worth keeping). */
    private static void persist(Future<Scanned> first) throws InterruptedException {
        try {
            if (first.isDone() && first.get().own()) {
                first.get().cache().persist();
            }
        } catch (ExecutionException e) {
            // every push reported the failed scan already
        }
    }

    /** The shared first scan, then a fresh one for each retry (a file changed while it was sent). */
    private NodePush.SourceScan sourceScan(Future<Scanned> first, Path base) {
        boolean[] used = {false};
        return () -> {
            try {
                Scanned s = first.get();
                if (used[0]) {
                    return s.scanner().scan(base, Wiring.rules(config));
                }
                used[0] = true;
                return s.result();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while scanning");
            }
        };
    }

    private NodeReport push(Connector ssh, Node n, NodePush.Settings settings, NodePush.SourceScan scan,
                            ChangeGate gate, io.confsync.transfer.session.Progress progress) {
        long t0 = System.nanoTime();
        try {
            return NodePush.run(n.name(), ssh.open(Wiring.target(n)), settings, scan, gate, progress);
        } catch (IOException e) {
            gate.leave();
            progress.done(n.name());
            return new NodeReport(n.name(), null, null, 0, (System.nanoTime() - t0) / 1e9, e.getMessage(), null);
        }
    }
}
