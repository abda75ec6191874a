package io.confsync.cli;

import io.confsync.cli.print.ClusterSyncReport;
import io.confsync.cli.print.Json;
import io.confsync.cli.print.PlanPrinter;
import io.confsync.cli.print.TerminalProgress;
import io.confsync.cluster.ClusterSync;
import io.confsync.cluster.SourceClaim;
import io.confsync.conf.Units;
import io.confsync.manifest.Glob;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.SyncRoot;
import io.confsync.manifest.plan.DeleteGuard;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.manifest.plan.Withheld;
import io.confsync.transfer.apply.Applier;
import io.confsync.transfer.apply.ApplyOptions;
import io.confsync.transfer.apply.ApplyResult;
import io.confsync.transfer.apply.BackupStore;
import io.confsync.transfer.apply.ContentSource;
import io.confsync.transfer.apply.TreeMirror;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync sync --from DIR --to DIR}: mirror one local tree onto another. */
@Command(name = "sync",
        header = "Push the sync set to the standbys once (after a failover), or mirror two local trees; --dry-run shows the plan.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Cluster mode (no --from): push this node's sync set to every standby of the configured "
                + "node list (or those given with --to NODE) over SSH, in parallel, as rsync-style deltas. Only the "
                + "source may push: the first node of the list at bootstrap, later whichever node was promoted "
                + "('confsync promote'). A standby that refuses this node for a newer epoch makes it step down. "
                + "A run that finds every standby in sync takes no new change set and writes nothing ('in sync').",
            "With 'confsync run' up on this node, a cluster-mode sync runs in that service, on its open sessions, "
                + "and prints here what it would print in this process (CONFSYNC_IN_PROCESS=1 or --debug: in this "
                + "process); Ctrl-C breaks it off.",
            "Local mode (--from DIR --to DIR): mirror one local tree onto another.",
            "Both copy content, mode with special bits, owner and group by name, mtime to the nanosecond, and "
                + "symlinks.",
            "Every file is staged and verified before anything is renamed into place; whatever is overwritten or "
                + "deleted is kept under STATE-DIR/backups.",
            "A missing or unreadable source never deletes anything; an empty source, or a plan deleting more "
                + "than half of the target's files, needs --force."})
final class SyncCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SyncCommand.class);

    @Option(names = "--from", paramLabel = "DIR",
            description = "Local mode: the source directory (then --to is a directory).")
    Path from;

    @Option(names = "--to", paramLabel = "DIR|NODE",
            description = "Local mode: the target directory (created if missing). Cluster mode: a standby to "
                    + "sync (repeatable; default: every standby).")
    List<String> to = new ArrayList<>();

    @Mixin
    HostKeyOption hostKeys;

    @Option(names = {"-n", "--dry-run"}, description = "Print the exact plan and change nothing.")
    boolean dryRun;

    @Option(names = "--json", description = "Print the plan and the result as JSON.")
    boolean json;

    @Option(names = "--force", description = "Allow a mass delete, or deletes under an empty source.")
    boolean force;

    @Option(names = "--delete", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Delete target entries the source does not have (default: ${DEFAULT-VALUE}).")
    boolean delete;

    @Option(names = "--owner", negatable = true, defaultValue = "${sys:user.name:-}",
            converter = OwnerDefault.class,
            description = "Copy owner and group by name (default: on as root, off otherwise).")
    boolean owner;

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Leave out matching paths (repeatable; * ? **).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--max-delete", paramLabel = "SHARE", defaultValue = "50%",
            description = "Largest share of the target's files deleted without --force (default: ${DEFAULT-VALUE}).")
    String maxDelete;

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Maps the user name default to "on for root". */
    static final class OwnerDefault implements picocli.CommandLine.ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String value) {
            return switch (value) {
                case "true" -> true;
                case "false" -> false;
                default -> "root".equals(value);
            };
        }
    }

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        if (from == null) {
            return clusterSync();
        }
        if (to.size() != 1) {
            throw new ExitCode.UsageException("local mode needs exactly one --to DIR");
        }
        Path source = from.toAbsolutePath().normalize();
        Path target = Path.of(to.get(0)).toAbsolutePath().normalize();
        if (!Files.isDirectory(source)) {
            throw new ExitCode.UsageException("--from " + from + ": not a directory");
        }
        if (target.startsWith(source) || source.startsWith(target)) {
            throw new ExitCode.UsageException("--from and --to must not contain each other");
        }
        if (target.getParent() != null && !Files.isDirectory(target.getParent())) {
            // Like rsync, the target itself is created, not the directories above it.
            throw new ExitCode.UsageException("--to " + to.get(0) + ": " + target.getParent()
                    + " does not exist; create it first (only the target directory itself is created)");
        }
        DeleteGuard guard = new DeleteGuard(parseShare());
        PathRules rules = new PathRules(List.of(new SyncRoot(RelPath.ROOT, excludes.stream().map(SyncCommand::glob).toList())));
        Path state = common.stateDir(null);
        HashCache cache = HashCache.open(state);
        Scanner scanner = new Scanner(cache, Clock.systemUTC());
        long started = System.nanoTime();
        TreeMirror.Prepared prepared = new TreeMirror(scanner).prepare(source, target, rules,
                PlanOptions.defaults().withDelete(delete).withKeepOwnership(owner), force);
        // Held back, not refused: everything but the guarded deletes goes ahead.
        Plan plan = force ? prepared.plan() : guard.hold(prepared.plan(), prepared.target().manifest());
        ApplyResult result = null;
        if (!dryRun) {
            ApplyOptions options = new ApplyOptions(owner, force, guard, Long.MAX_VALUE);
            Applier applier = new Applier(target, rules, new BackupStore(state.resolve("backups"), 20,
                    Clock.systemUTC()), options);
            result = applier.apply(plan, prepared.target().manifest(), ContentSource.localTree(source));
        }
        cache.persist();
        report(prepared, plan, result, source, target, (System.nanoTime() - started) / 1e9);
        for (Withheld w : plan.withheld()) {
            LOG.warn("{}", w.reason());
        }
        return plan.withheld().isEmpty() ? ExitCode.OK : ExitCode.REFUSED;
    }

    /** The next change set, taken when the first standby needs a batch. */
    private static long nextChange(SourceClaim claim) throws java.io.IOException {
        try {
            return claim.nextChange().seq();
        } catch (io.confsync.conf.StateException e) {
            throw new java.io.IOException("cannot record a new change set: " + e.getMessage(), e);
        }
    }

    private int clusterSync() throws Exception {
        io.confsync.conf.Config config = common.loadConfig();
        io.confsync.conf.Cluster cluster = config.clusterView();
        SourceClaim claim = new SourceClaim(config);
        io.confsync.conf.ClusterState state = claim.require("run sync on the source, or 'confsync promote' here "
                + "after a failover", dryRun);
        List<io.confsync.conf.Node> targets = new ArrayList<>();
        for (io.confsync.conf.Node n : config.nodes()) {
            if (!n.name().equals(config.node()) && (to.isEmpty() || to.contains(n.name()))) {
                targets.add(n);
            }
        }
        for (String name : to) {
            if (cluster.node(name).isEmpty() || name.equals(config.node())) {
                throw new ExitCode.UsageException("--to " + name + ": not a standby in " + config.file());
            }
        }
        io.confsync.transfer.session.Progress progress = dryRun ? io.confsync.transfer.session.Progress.NONE
                : common.progress(() -> TerminalProgress.start("sync"));
        List<io.confsync.transfer.session.NodeReport> reports;
        try {
            // A change set is taken only if some standby needs a batch: a no-change sync writes nothing.
            reports = new ClusterSync(config, common.connectors()).run(targets, state, () -> nextChange(claim),
                    dryRun, force, hostKeys.acceptNew, progress);
        } finally {
            TerminalProgress.finish(progress);
        }
        int code = new ClusterSyncReport(spec.commandLine().getOut(), json, dryRun).print(reports);
        for (var r : reports) {
            if (r.refused() != null && !"STALE_SOURCE".equals(r.refused().code())) {
                LOG.error("ALARM {}: {}", r.node(), r.error());
            } else if (r.refused() != null) {
                claim.stepDown(r.refused(), r.node());
            }
        }
        return code;
    }

    private double parseShare() {
        try {
            return Units.share(maxDelete);
        } catch (IllegalArgumentException e) {
            throw new ExitCode.UsageException("--max-delete: " + e.getMessage());
        }
    }

    private static Glob glob(String pattern) {
        try {
            return Glob.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw new ExitCode.UsageException("--exclude: " + e.getMessage());
        }
    }

    private void report(TreeMirror.Prepared p, Plan plan, ApplyResult r, Path source, Path target, double seconds) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> doc = Json.document();
            doc.put("from", source.toString());
            doc.put("to", target.toString());
            doc.put("dry_run", dryRun);
            doc.put("actions", Json.plan(plan));
            doc.put("bytes", plan.bytes());
            doc.put("withheld", Json.withheld(plan));
            doc.put("warnings", p.source().warnings());
            Map<String, Object> res = null;
            if (r != null) {
                res = Json.counts(r.created(), r.updated(), r.metadata(), r.removed(), r.bytesWritten());
                res.put("backup", r.backup() == null ? null : r.backup().toString());
                res.put("seconds", seconds);
                res.put("not_kept", r.notices());
            }
            doc.put("result", res);
            out.println(Json.write(doc));
            return;
        }
        if (dryRun) {
            out.println("dry run: " + source + " -> " + target + " (nothing is changed)");
            PlanPrinter.print(plan, out);
            return;
        }
        out.printf(Locale.ROOT, "synced %s -> %s: %d created, %d updated, %d metadata, %d deleted, %s written "
                        + "in %.2f s%s%s%n", source, target, r.created(), r.updated(), r.metadata(), r.removed(),
                Units.bytes(r.bytesWritten()), seconds, r.backup() == null ? "" : "; backups in " + r.backup(),
                plan.withheld().isEmpty() ? "" : "; " + io.confsync.conf.Units.count(plan.withheldEntries(), "delete")
                        + " HELD back");
        PlanPrinter.withheld(plan, "", out);
        r.notices().forEach(n -> out.println("NOT KEPT " + n));
    }
}
