package io.confsync.cli;

import io.confsync.cluster.Audit;
import io.confsync.cli.print.LiveStatusPrinter;
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
import tools.jackson.databind.json.JsonMapper;

/** {@code confsync status}: the live service's view of the cluster. */
@Command(name = "status",
        header = "Show each node's state as the live service sees it, or ask every node now (--live).",
        mixinStandardHelpOptions = true,
        description = {"Show the cluster as the live service on this node sees it (STATE-DIR/status.json): "
                + "per node its state (connecting, listing, initial sync, catching up, syncing, ready, down, refused), last batch, lag, pending "
                + "actions, bytes sent, drift count, deletes held back by a guard, last error and last hook result.",
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
    CommonOptions common;

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
        Map<?, ?> doc = JsonMapper.builder().build().readValue(text, Map.class);
        List<?> nodes = (List<?>) doc.get("nodes");
        if (!json) {
            out.printf(Locale.ROOT, "cluster %s: %d nodes, source %s at epoch %s (as of %s)%n", doc.get("cluster"),
                    nodes.size(), doc.get("source"), doc.get("epoch"), doc.get("updated"));
            out.printf(Locale.ROOT, "%-20s %-8s %-10s %-24s %8s %7s %10s %5s %5s  %s%n", "NODE", "ROLE", "STATE",
                    "LAST BATCH", "LAG", "PENDING", "SENT", "DRIFT", "HELD", "LAST ERROR / HOOK");
            for (Object o : nodes) {
                Map<?, ?> n = (Map<?, ?>) o;
                String tail = n.get("lastError") != null ? String.valueOf(n.get("lastError"))
                        : n.get("lastHook") != null ? "hook: " + n.get("lastHook") : "";
                out.printf(Locale.ROOT, "%-20s %-8s %-10s %-24s %6sms %7s %10s %5s %5s  %s%n", n.get("node"),
                        n.get("role"), n.get("state"), n.get("lastBatch") == null ? "-" : n.get("lastBatch"),
                        n.get("lagMillis"), n.get("pending"),
                        io.confsync.conf.Units.bytes(((Number) n.get("bytesSent")).longValue()), n.get("drift"),
                        n.get("withheld"), tail);
            }
            for (Object o : nodes) {
                Map<?, ?> n = (Map<?, ?>) o;
                if (n.get("withheldReason") != null) {
                    out.printf(Locale.ROOT, "  %-18s HELD  %s%n", n.get("node"), n.get("withheldReason"));
                }
            }
            alarms(doc).forEach(a -> out.println("ALARM " + a));
        }
        boolean allReady = nodes.stream().map(o -> (Map<?, ?>) o)
                .allMatch(n -> "source".equals(n.get("role")) || "ready".equals(n.get("state")));
        boolean withheld = nodes.stream().map(o -> (Map<?, ?>) o)
                .anyMatch(n -> n.get("withheld") instanceof Number c && c.intValue() > 0);
        return !allReady || !alarms(doc).isEmpty() ? ExitCode.ERROR : withheld ? ExitCode.REFUSED : ExitCode.OK;
    }

    private static List<?> alarms(Map<?, ?> doc) {
        return doc.get("alarms") instanceof List<?> l ? l : List.of();
    }

    private int live(Config config) throws Exception {
        io.confsync.conf.ClusterState state = SourceClaim.store(config).read();
        LiveStatus status = new LiveStatus(config, new Audit(config, hostKeys.acceptNew)
                .run(state, config.nodes()));
        if (json) {
            LiveStatusPrinter.json(status, spec.commandLine().getOut());
        } else {
            LiveStatusPrinter.table(status, spec.commandLine().getOut());
        }
        return status.good() ? ExitCode.OK : ExitCode.ERROR;
    }
}
