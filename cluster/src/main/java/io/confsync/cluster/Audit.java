package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.plan.Drift;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.manifest.plan.Planner;
import io.confsync.manifest.plan.Withheld;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.session.Sender;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fetches the source's and every audited node's manifest (read-only sessions; this node's own by
 * a local scan) and compares each node with the source. Used by {@code audit} and {@code status --live}.
 */
public final class Audit {

    /**
     * One node compared with the source.
     *
     * @param node     the node
     * @param hello    its hello (epoch, seq, version, last error); null for this node or if unreachable
     * @param manifest its manifest; null if unreachable
     * @param drift    its differences from the source; empty if in sync or unreachable
     * @param error    why it could not be audited, or null
     * @param withheld what a sync to it would hold back (mass delete, files too large); empty if none
     * @param lastErrorAt when its hello's last error was recorded; null if none or unknown
     * @param nodeLocal its node-local paths (never synchronized, never drift); -1 if unknown (unreachable, or
     *                  a node of an older protocol)
     */
    public record NodeAudit(Node node, Message.Hello hello, Manifest manifest, List<Drift> drift, String error,
                     List<Withheld> withheld, java.time.Instant lastErrorAt, int nodeLocal) {
        public NodeAudit {
            drift = List.copyOf(drift);
            withheld = List.copyOf(withheld);
        }

        /** This audit compared with the source: its drift and what a sync would hold back. */
        NodeAudit compared(List<Drift> drift, List<Withheld> withheld) {
            return new NodeAudit(node, hello, manifest, drift, null, withheld, lastErrorAt, nodeLocal);
        }

        /** This audit, not compared because of {@code error}. */
        NodeAudit failed(String error) {
            return new NodeAudit(node, hello, manifest, List.of(), error, List.of(), lastErrorAt, nodeLocal);
        }

        public boolean reachable() {
            return error == null;
        }
    }

    /** What an audit found, as a whole. */
    public enum Verdict {
        /** Every node holds what the source holds. */
        IN_SYNC,
        /** A node differs from the source. */
        DRIFT,
        /** A node, or the source, could not be asked. */
        UNREACHABLE
    }

    /**
     * The whole audit.
     *
     * @param source   the source's name
     * @param state    this node's cluster state
     * @param manifest the source's manifest; null if unreachable
     * @param nodes    the audited nodes, in list order, the source among them if it was asked for
     */
    public record Result(String source, ClusterState state, Manifest manifest, List<NodeAudit> nodes) {
        /** Nodes that could not be audited. */
        public long unreachable() {
            return nodes.stream().filter(n -> !n.reachable()).count();
        }

        /** Nodes with drift. */
        public long drifted() {
            return nodes.stream().filter(n -> !n.drift().isEmpty()).count();
        }

        /** Paths of drift, over all nodes. */
        public long driftedPaths() {
            return nodes.stream().mapToLong(n -> n.drift().size()).sum();
        }

        /** Unreachable if a node was, else drift if any node differs, else in sync. */
        public Verdict verdict() {
            return unreachable() > 0 ? Verdict.UNREACHABLE : drifted() > 0 ? Verdict.DRIFT : Verdict.IN_SYNC;
        }
    }

    /** A node's answer: its manifest (the source's when the digests are equal) and its node-local count. */
    private record Fetched(Manifest manifest, int nodeLocal) {
    }

    private final Config config;
    private final boolean acceptNew;
    private final Probe.Lent connectors;

    /** An audit whose links come from {@code connectors} (a running service's, for a command handed to it). */
    public Audit(Config config, boolean acceptNew, Probe.Lent connectors) {
        this.config = config;
        this.acceptNew = acceptNew;
        this.connectors = connectors;
    }

    /** The node whose files are the reference: the source of this node's epoch (bootstrap: the first). */
    public static String sourceOf(ClusterState state, Config config) {
        return state.source() != null ? state.source() : config.clusterView().bootstrapSource().name();
    }

    /**
     * Audits the given nodes (the source itself is always fetched as the reference).
     *
     * @throws IOException if this node's own tree cannot be scanned or the SSH identity read
     */
    public Result run(ClusterState state, List<Node> audited) throws IOException, InterruptedException {
        return run(state, audited, io.confsync.transfer.session.Progress.NONE);
    }

    /** {@link #run(ClusterState, List)}, telling {@code progress} of each node answered (one unit each). */
    public Result run(ClusterState state, List<Node> audited, io.confsync.transfer.session.Progress progress)
            throws IOException, InterruptedException {
        String source = sourceOf(state, config);
        Node sourceNode = config.clusterView().node(source).orElseThrow(() -> new UnknownNodeException(
                "the source " + source + " (from the cluster state) is not in the node list of " + config.file()));
        List<Node> wanted = new ArrayList<>(audited);
        if (!wanted.contains(sourceNode)) {
            wanted.add(0, sourceNode);
        }
        Map<String, NodeAudit> fetched = fetch(wanted, source, state, progress);
        NodeAudit ref = fetched.get(source);
        List<NodeAudit> out = new ArrayList<>();
        for (Node n : audited) {
            NodeAudit a = fetched.get(n.name());
            if (a.reachable() && ref.reachable() && !n.name().equals(source)) {
                // The source's own manifest stands for a node that answered with the same digest.
                List<Drift> drift = a.manifest() == ref.manifest() ? List.of()
                        : Drift.between(ref.manifest(), a.manifest(), Wiring.keepOwnership());
                // A node without drift has nothing a sync would hold back: no plan to weigh.
                a = a.compared(drift, drift.isEmpty() ? List.of() : withheld(ref.manifest(), a.manifest()));
            } else if (a.reachable() && !ref.reachable()) {
                a = a.failed("the source " + source + " is unreachable: " + ref.error());
            }
            out.add(a);
        }
        return new Result(source, state, ref.manifest(), out);
    }

    /** What a sync from the source to this node would hold back. */
    private List<Withheld> withheld(Manifest source, Manifest node) {
        Plan plan = Planner.plan(source, node, PlanOptions.defaults().withDelete(config.delete())
                .withKeepOwnership(Wiring.keepOwnership()));
        return Wiring.guards(config).hold(plan, node).withheld();
    }

    /**
     * Every node's manifest, asked in parallel. A node of protocol 2 first tells the digest of its
     * manifest ({@link Drift#digest}); one equal to the source's is in sync, and its manifest is
     * not sent: the source's stands for it. The source's manifest is this node's scan, or what the
     * source's own visit fetches, which the other visits wait for (never longer than that visit).
     */
    private Map<String, NodeAudit> fetch(List<Node> nodes, String source, ClusterState state,
                                         io.confsync.transfer.session.Progress progress) throws IOException,
            InterruptedException {
        Map<String, NodeAudit> out = new LinkedHashMap<>();
        List<Node> remote = nodes.stream().filter(n -> !n.name().equals(config.node())).toList();
        // This node's own scan runs while the others are asked, not after them.
        java.util.concurrent.CompletableFuture<ScanResult> own = remote.size() < nodes.size()
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return localScan();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }) : null;
        java.util.concurrent.CompletableFuture<Manifest> reference = source.equals(config.node())
                ? own.thenApply(ScanResult::manifest) : new java.util.concurrent.CompletableFuture<>();
        boolean owners = Wiring.keepOwnership();
        java.util.concurrent.CompletableFuture<Long> referenceDigest = reference.thenApply(m -> m == null ? null
                : Drift.digest(m, owners));
        remote.forEach(n -> progress.planned(n.name(), 1, 1));
        for (Probe.Visit<Fetched> v : new Probe(config, acceptNew, StateFence.standing(state), connectors)
                .visitEach(remote, n -> n.name().equals(source) ? sender -> {
                    Manifest m = sender.manifest();
                    reference.complete(m);
                    return new Fetched(m, sender.nodeLocalPaths());
                } : sender -> new Fetched(sameOrFetched(sender, reference, referenceDigest, owners),
                        sender.nodeLocalPaths()), node -> {
                    if (node.equals(source)) {
                        reference.complete(null); // unreachable: the others send their manifests
                    }
                    progress.sent(node, 1);
                    progress.done(node);
                })) {
            Fetched f = v.value();
            out.put(v.node().name(), new NodeAudit(v.node(), v.hello(), f == null ? null : f.manifest(), List.of(),
                    v.error(), List.of(), v.lastErrorAt(), f == null ? -1 : f.nodeLocal()));
        }
        if (own != null) {
            Node self = config.clusterView().selfNode();
            try {
                ScanResult scan = own.get();
                out.put(self.name(), new NodeAudit(self, null, scan.manifest(), List.of(), null, List.of(), null,
                        scan.nodeLocal().size()));
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof java.io.UncheckedIOException u ? u.getCause()
                        : new IOException(e.getCause());
            }
        }
        return out;
    }

    /** The source's manifest if the node's digest equals the source's, else the node's own, fetched. */
    private static Manifest sameOrFetched(Sender sender, java.util.concurrent.CompletableFuture<Manifest> reference,
                                          java.util.concurrent.CompletableFuture<Long> referenceDigest, boolean owners)
            throws IOException {
        java.util.OptionalLong theirs = sender.manifestDigest(owners);
        Manifest like = null;
        if (theirs.isPresent()) {
            try {
                Long ours = referenceDigest.get();
                if (ours != null && ours == theirs.getAsLong()) {
                    return reference.get();
                }
                like = reference.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // this node's scan failed: the audit reports it; the manifest is fetched meanwhile
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("audit interrupted");
            }
        }
        // Where the audit digests differ, only the parts that differ are sent (protocol 5).
        return like == null ? sender.manifest() : sender.manifest(like);
    }

    /** This node's scan; the hash cache is not saved (the audit changes nothing), and a lent one is the service's. */
    private ScanResult localScan() throws IOException {
        return new Scanner(connectors.hashCache(config).orElseGet(() -> HashCache.open(Wiring.stateDir(config))),
                Clock.systemUTC())
                .scan(Wiring.base(config), Wiring.rules(config));
    }
}
