package io.confsync.cli;

import io.confsync.cli.print.ClusterSyncReport;
import io.confsync.cli.print.SurveyPrinter;
import io.confsync.cli.print.TerminalProgress;
import io.confsync.cluster.ClusterRefusal;
import io.confsync.cluster.Promotion;
import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync promote}: make this node the source after a failover. */
@Command(name = "promote",
        header = "Make this node the source after a failover, fencing the old one with a new epoch.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Make this node the source after a failover: ask every other node for its epoch and seq "
                + "(read-only), take epoch max+1 with this node as its source (kept in STATE-DIR/cluster-state, "
                + "fsynced), then resync every reachable standby from this node. Each standby adopts the new "
                + "epoch; an old source that comes back is refused by them, steps down and is brought in line "
                + "(its own edits go to its backups). The promoted node stays the source until the next promote, "
                + "wherever it is in the node list.",
            "Refused (exit 3) unless --force when a reachable node holds newer configuration than this one "
                + "(a higher epoch, or the same epoch and a higher seq: promote that node instead), or when a "
                + "node cannot be reached (it may hold changes that never arrived here, the old source above all), "
                + "unless --fenced names it.",
            "With 'confsync run' up on this node, promote runs in that service and prints here what it would print "
                + "in this process (CONFSYNC_IN_PROCESS=1 or --debug: in this process)."})
final class PromoteCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(PromoteCommand.class);

    @Option(names = {"-n", "--dry-run"}, description = "Print what promote would do, including each standby's "
            + "resync plan, and change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Promote although a node is ahead of this one or the current source "
            + "cannot be reached; their newer files are overwritten (and kept in their backups).")
    boolean force;

    @Option(names = "--fenced", split = ",", paramLabel = "NODE", description = "This node is known to be down: "
            + "an HA manager fenced it (STONITH). That it cannot be reached refuses nothing; a reachable node "
            + "ahead of this one still does. Repeatable, or comma-separated.")
    java.util.Set<String> fenced = new java.util.TreeSet<>();

    @Option(names = "--unreachable-fenced", description = "Every node that cannot be reached has been fenced: "
            + "only where STONITH guarantees it (the Pacemaker agent's force_when_fenced). A reachable node "
            + "ahead of this one still refuses.")
    boolean unreachableFenced;

    @Mixin
    HostKeyOption hostKeys;

    @Option(names = "--json", description = "Print one JSON document: the survey, the epoch, refusals and each "
            + "standby's resync (its plan with --dry-run); see README, \"JSON output\".")
    boolean json;

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        PrintWriter out = spec.commandLine().getOut();
        for (String n : fenced) {
            if (config.clusterView().node(n).isEmpty()) {
                throw new ExitCode.UsageException("--fenced " + n + ": not in the node list of " + config.file());
            }
        }
        Promotion promotion = new Promotion(config, hostKeys.acceptNew, common.connectors());
        Promotion.Decision d = promotion.decide(n -> unreachableFenced || fenced.contains(n));
        boolean refused = !d.refusals().isEmpty() && !force;
        // JSON: one document, the survey in it; also when refused (then nodes is empty, and the error
        // goes to stderr with the exit code as without --json).
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("node", config.node());
        head.put("epoch", d.epoch());
        head.put("promoted", !refused && !dryRun);
        head.put("refusals", d.refusals());
        head.put("forced", force && !d.refusals().isEmpty());
        head.put("survey", SurveyPrinter.json(d.survey()));
        if (!json) {
            SurveyPrinter.print(d.survey(), out);
        }
        if (refused) {
            if (json) {
                new ClusterSyncReport(out, true, dryRun).print(List.of(), head);
            }
            throw new ClusterRefusal(String.join("; ", d.refusals()) + ". Use --force to promote anyway");
        }
        d.refusals().forEach(r -> LOG.warn("promoting despite: {}", r));
        if (dryRun) {
            if (!json) {
                out.printf(Locale.ROOT, "dry run: would make %s the source of epoch %d and resync %s (nothing is "
                        + "changed)%n", config.node(), d.epoch(), names(d.reachable()));
            }
            ClusterState would = new ClusterState(config.cluster(), d.epoch(), config.node(), 1, null);
            return new ClusterSyncReport(out, json, true).print(promotion.resync(d.reachable(), would, true), head);
        }
        ClusterState promoted = promotion.take(d.epoch());
        if (!json) {
            out.printf(Locale.ROOT, "%s is now the source of epoch %d; resyncing %s%n", config.node(),
                    promoted.epoch(), names(d.reachable()));
        }
        io.confsync.transfer.session.Progress progress = common.progress(() -> TerminalProgress.start("resync"));
        List<io.confsync.transfer.session.NodeReport> reports;
        try {
            reports = promotion.resync(d.reachable(), promoted, false, progress);
        } finally {
            TerminalProgress.finish(progress);
        }
        return new ClusterSyncReport(out, json, false).print(reports, head);
    }

    private static String names(List<Node> nodes) {
        return nodes.isEmpty() ? "no standby" : String.join(", ", nodes.stream().map(Node::name).toList());
    }
}
