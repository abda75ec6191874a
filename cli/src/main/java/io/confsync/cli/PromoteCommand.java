package io.confsync.cli;

import io.confsync.conf.ClusterState;
import io.confsync.conf.ClusterStateStore;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.conf.StateException;
import io.confsync.transfer.session.NodeReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync promote}: make this node the source after a failover. */
@Command(name = "promote", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make this node the source after a failover: ask every other node for its epoch and seq "
                + "(read-only), take epoch max+1 with this node as its source (kept in STATE-DIR/cluster-state, "
                + "fsynced), then resync every reachable standby from this node. Each standby adopts the new "
                + "epoch; an old source that comes back is refused by them, steps down and is brought in line "
                + "(its own edits go to its backups). The promoted node stays the source until the next promote, "
                + "wherever it is in the node list.",
            "Refused (exit 3) unless --force when a reachable node holds newer configuration than this one "
                + "(a higher epoch, or the same epoch and a higher seq: promote that node instead), or when a "
                + "node cannot be reached (it may hold changes that never arrived here, the old source above all)."})
final class PromoteCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(PromoteCommand.class);

    @Option(names = {"-n", "--dry-run"}, description = "Print what promote would do, including each standby's "
            + "resync plan, and change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Promote although a node is ahead of this one or the current source "
            + "cannot be reached; their newer files are overwritten (and kept in their backups).")
    boolean force;

    @Mixin
    HostKeyOption hostKeys;

    @Option(names = "--json", description = "Print the resync result as JSON.")
    boolean json;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        PrintWriter out = spec.commandLine().getOut();
        ClusterStateStore store = SourceClaim.store(config);
        ClusterState own = ownState(store, config);
        List<Node> others = config.nodes().stream().filter(n -> !n.name().equals(config.node())).toList();
        List<Probe.Visit<Void>> visits = new Probe(config, hostKeys.acceptNew, StateFence.standing(own))
                .visit(others, s -> null);
        Survey survey = new Survey(config, own, visits);
        survey.print(out);
        List<String> refusals = survey.refusals();
        if (!refusals.isEmpty() && !force) {
            throw new ExitCode.RefusedException(String.join("; ", refusals) + ". Use --force to promote anyway");
        }
        refusals.forEach(r -> LOG.warn("promoting despite: {}", r));
        long epoch = Math.addExact(survey.highestEpoch(), 1); // adopted epochs stay far below overflow
        List<Node> reachable = visits.stream().filter(Probe.Visit::reachable).map(Probe.Visit::node).toList();
        if (dryRun) {
            out.printf(Locale.ROOT, "dry run: would make %s the source of epoch %d and resync %s (nothing is "
                    + "changed)%n", config.node(), epoch, names(reachable));
            ClusterState would = new ClusterState(config.cluster(), epoch, config.node(), 1, null);
            return new ClusterSyncReport(out, json, true).print(new ClusterSync(config).run(reachable, would,
                    true, false, hostKeys.acceptNew));
        }
        ClusterState promoted = promote(store, config, epoch);
        out.printf(Locale.ROOT, "%s is now the source of epoch %d; resyncing %s%n", config.node(), promoted.epoch(),
                names(reachable));
        List<NodeReport> reports = new ClusterSync(config).run(reachable, promoted, false, false,
                hostKeys.acceptNew);
        return new ClusterSyncReport(out, json, false).print(reports);
    }

    /** This node's state; a damaged one counts as knowing nothing (then every peer with data is ahead). */
    private static ClusterState ownState(ClusterStateStore store, Config config) {
        try {
            return store.read();
        } catch (StateException e) {
            LOG.warn("{}", e.getMessage());
            return ClusterState.fresh(config.cluster());
        }
    }

    /** Takes the new epoch durably; refuses if a newer one arrived meanwhile. */
    private static ClusterState promote(ClusterStateStore store, Config config, long epoch)
            throws StateException, java.io.IOException {
        ClusterState s;
        try {
            s = store.read();
        } catch (StateException e) {
            s = null;
        }
        if (s != null && s.epoch() >= epoch) {
            throw new ExitCode.RefusedException("epoch " + s.epoch() + " reached this node while promoting; run "
                    + "promote again");
        }
        if (s == null) {
            // A damaged file is replaced only by an explicit promote (with the operator's --force if peers had data).
            java.nio.file.Files.deleteIfExists(store.file());
        }
        ClusterState promoted = new ClusterState(config.cluster(), epoch, config.node(), 0, null).next();
        if (!store.update(x -> x.epoch() >= epoch ? x : promoted).equals(promoted)) {
            throw new ExitCode.RefusedException("a newer epoch reached this node while promoting; run promote again");
        }
        return promoted;
    }

    private static String names(List<Node> nodes) {
        return nodes.isEmpty() ? "no standby" : String.join(", ", nodes.stream().map(Node::name).toList());
    }
}
