package io.confsync.cli;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.transfer.protocol.ProtocolLimits;
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
final class ClusterSync {

    private final Config config;
    private final CommonOptions common;

    ClusterSync(Config config, CommonOptions common) {
        this.config = config;
        this.common = common;
    }

    /**
     * Syncs every given standby as the source of {@code state}'s epoch, bringing them to its change
     * set, and returns one report per standby, in the given order.
     *
     * @throws IOException if the SSH identity cannot be read
     */
    List<NodeReport> run(List<Node> standbys, ClusterState state, boolean dryRun, boolean force, boolean acceptNew)
            throws IOException, InterruptedException {
        HashCache cache = HashCache.open(common.stateDir(config));
        Scanner scanner = new Scanner(cache, Clock.systemUTC());
        Path base = Wiring.base(config);
        NodePush.Settings settings = new NodePush.Settings(config.cluster(), config.node(), state.epoch(), base,
                PlanOptions.defaults().withDelete(config.delete()).withKeepOwnership(Wiring.keepOwnership()), force,
                dryRun, config.limits().maxBatchBytes(), ProtocolLimits.DEFAULT);
        List<NodeReport> reports = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(standbys.size() + 1);
        try (Connector ssh = Wiring.connector(config, acceptNew)) {
            // One scan for every standby, made while the sessions are being opened.
            Future<ScanResult> first = pool.submit(() -> scanner.scan(base, Wiring.rules(config)));
            List<Future<NodeReport>> futures = new ArrayList<>();
            for (Node n : standbys) {
                futures.add(pool.submit(() -> push(ssh, n, settings, sourceScan(first, scanner, base), state.seq())));
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
            cache.persist();
        }
        return reports;
    }

    /** The shared first scan, then a fresh one for each retry (a file changed while it was sent). */
    private NodePush.SourceScan sourceScan(Future<ScanResult> first, Scanner scanner, Path base) {
        boolean[] used = {false};
        return () -> {
            if (used[0]) {
                return scanner.scan(base, Wiring.rules(config));
            }
            used[0] = true;
            try {
                return first.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while scanning");
            }
        };
    }

    private NodeReport push(Connector ssh, Node n, NodePush.Settings settings, NodePush.SourceScan scan, long seq) {
        long t0 = System.nanoTime();
        try {
            return NodePush.run(n.name(), ssh.open(Wiring.target(n)), settings, scan, seq);
        } catch (IOException e) {
            return new NodeReport(n.name(), null, null, 0, (System.nanoTime() - t0) / 1e9, e.getMessage(), null);
        }
    }
}
