package io.confsync.cli;

import io.confsync.cluster.Audit;
import io.confsync.cli.print.LiveStatusPrinter;
import io.confsync.cli.print.Table;
import io.confsync.cluster.LiveStatus;
import io.confsync.cluster.SourceClaim;
import io.confsync.conf.Config;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync status}: the live service's view of the cluster. */
@Command(name = "status",
        header = "Show each node's state as the live service sees it, or ask every node now (--live).",
        mixinStandardHelpOptions = true,
        description = {"Show the cluster as the live service on this node sees it (STATE-DIR/status.json): "
                + "per node its state (connecting, listing, initial sync, catching up, syncing, ready; down: cannot "
                + "connect, retried; refused: host key, authentication or the source rule, an operator must act), last "
                + "batch, the change set it holds (SEQ), how many change sets and paths it lacks and how long the "
                + "oldest has waited (SEQ LAG, PENDING, LAG), bytes sent, paths that differ now and changes put back "
                + "since the service started (DRIFT NOW, REVERTED), deletes held back by a guard; below the table each "
                + "node's last error with its time and its last hook result, then the alarms.",
            "Exit code 0 when every standby is ready, 3 when they are but a guard holds deletes back on one, 2 "
                + "otherwise (a standby not ready, an alarm such as an unwatched part of the sync set) or when no "
                + "service wrote a status."})
final class StatusCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print status.json as it is (with --live: the live view as JSON).")
    boolean json;

    @Option(names = "--live", description = "Ask every node now, read-only, instead of reading status.json: "
            + "reachable, epoch and seq, protocol version, drift against the source, last error, and an overall "
            + "GOOD (exit 0) or BAD (exit 2) with the reasons.")
    boolean live;

    @Mixin
    HostKeyOption hostKeys;

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        if (live) {
            return live(config);
        }
        Path file = common.stateDir(config).resolve("status.json");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new java.io.IOException("no status in " + file + ": is 'confsync run' running on the source?");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(text.strip());
        }
        Map<?, ?> doc = io.confsync.conf.JsonDocument.read(text);
        List<?> nodes = doc.get("nodes") instanceof List<?> l ? l : List.of();
        if (!json) {
            table(doc, nodes, out);
        }
        boolean allReady = nodes.stream().map(o -> (Map<?, ?>) o)
                .allMatch(n -> "source".equals(n.get("role")) || "ready".equals(n.get("state")));
        boolean withheld = nodes.stream().map(o -> (Map<?, ?>) o)
                .anyMatch(n -> n.get("withheld") instanceof Number c && c.intValue() > 0);
        return !allReady || !alarms(doc).isEmpty() ? ExitCode.ERROR : withheld ? ExitCode.REFUSED : ExitCode.OK;
    }

    /** The table, then what does not fit in a cell (errors, hooks, held deletes) and the alarms. */
    private static void table(Map<?, ?> doc, List<?> nodes, PrintWriter out) {
        out.println("cluster " + doc.get("cluster") + ": " + io.confsync.conf.Units.count(nodes.size(), "node")
                + ", source " + doc.get("source") + " at epoch " + doc.get("epoch") + ", seq " + doc.get("seq")
                + " (as of " + doc.get("updated") + ")");
        Table t = new Table("NODE", "ROLE", "STATE", "LAST BATCH", "SEQ>", "SEQ LAG>", "PENDING>", "LAG>", "SENT>",
                "DRIFT NOW>", "REVERTED>", "HELD>");
        List<String> below = new java.util.ArrayList<>();
        for (Object o : nodes) {
            Map<?, ?> n = (Map<?, ?>) o;
            boolean self = "source".equals(n.get("role"));
            t.row(n.get("node"), n.get("role"), n.get("state"), n.get("last_batch"), n.get("seq"),
                    self ? null : n.get("seq_lag"), self ? null : n.get("pending_paths"),
                    n.get("lag_seconds") instanceof Number lag ? seconds(lag.doubleValue()) : null,
                    n.get("bytes_sent") instanceof Number b ? io.confsync.conf.Units.bytes(b.longValue()) : null,
                    self ? null : n.get("drift_now"), self ? null : n.get("reverted"), self ? null : n.get("withheld"));
            String name = "  " + n.get("node") + "  ";
            if (n.get("last_error") != null) {
                below.add(name + "error at " + n.get("last_error_at") + ": " + n.get("last_error"));
            }
            if (n.get("last_hook") != null) {
                below.add(name + (Boolean.TRUE.equals(n.get("hook_failed")) ? "HOOK FAILED: " : "hook: ")
                        + n.get("last_hook"));
            }
            if (n.get("withheld_reason") != null) {
                below.add(name + "HELD  " + n.get("withheld_reason"));
            }
            if (n.get("config_refused") != null) {
                below.add(name + "CONFIG REFUSED (it runs on its own file): " + n.get("config_refused"));
            }
        }
        t.print(out);
        below.forEach(out::println);
        alarms(doc).forEach(a -> out.println("ALARM " + a));
    }

    /** A lag for people: {@code 0.4 s}, {@code 12 s}, {@code 3 min 20 s}. */
    static String seconds(double s) {
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = Math.round(s);
        return whole < 60 ? whole + " s" : whole / 60 + " min " + whole % 60 + " s";
    }

    private static List<?> alarms(Map<?, ?> doc) {
        return doc.get("alarms") instanceof List<?> l ? l : List.of();
    }

    private int live(Config config) throws Exception {
        io.confsync.conf.ClusterState state = SourceClaim.store(config).read();
        LiveStatus status = new LiveStatus(config, new Audit(config, hostKeys.acceptNew, common.connectors())
                .run(state, config.nodes()));
        if (json) {
            LiveStatusPrinter.json(status, spec.commandLine().getOut());
        } else {
            LiveStatusPrinter.table(status, spec.commandLine().getOut());
        }
        return status.good() ? ExitCode.OK : ExitCode.ERROR;
    }
}
