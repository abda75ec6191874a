package io.confsync.cli.print;

import io.confsync.cli.ExitCode;
import io.confsync.conf.Units;
import io.confsync.transfer.session.NodeReport;
import io.confsync.transfer.session.PushResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the outcome of a cluster sync, per standby, and returns the exit code. */
public final class ClusterSyncReport {

    private final PrintWriter out;
    private final boolean json;
    private final boolean dryRun;

    public ClusterSyncReport(PrintWriter out, boolean json, boolean dryRun) {
        this.out = out;
        this.json = json;
        this.dryRun = dryRun;
    }

    /**
     * Prints; 0 if every standby is in sync (or was planned), {@link ExitCode#REFUSED} if one refused
     * this node by the source rule, else {@link ExitCode#ERROR}.
     */
    public int print(List<NodeReport> reports) {
        return print(reports, Map.of());
    }

    /** {@link #print(List)}, with {@code head}'s keys in the JSON document after {@code dry_run} (promote's). */
    public int print(List<NodeReport> reports, Map<String, Object> head) {
        if (json) {
            List<Map<String, Object>> nodes = new ArrayList<>();
            reports.forEach(r -> nodes.add(jsonOf(r)));
            Map<String, Object> doc = Json.document();
            doc.put("dry_run", dryRun);
            doc.putAll(head);
            doc.put("nodes", nodes);
            out.println(Json.write(doc));
        } else {
            reports.forEach(this::human);
        }
        if (reports.stream().anyMatch(r -> r.refused() != null)) {
            return ExitCode.REFUSED;
        }
        if (!reports.stream().allMatch(NodeReport::ok)) {
            return ExitCode.ERROR;
        }
        // A standby that keeps its own configuration: synced, but not on the cluster's file.
        if (reports.stream().anyMatch(r -> r.configRefused() != null)) {
            return ExitCode.REFUSED;
        }
        // Deletes held back by a guard: everything else went through, but the standby is not the
        // source's copy, and a person must decide (invariant 8: say so in the exit code too).
        return reports.stream().anyMatch(r -> withheld(r) > 0) ? ExitCode.REFUSED : ExitCode.OK;
    }

    private void human(NodeReport r) {
        if (r.configRefused() != null) {
            out.printf(Locale.ROOT, "%-20s %-8s configuration refused, it keeps its own: %s%n", r.node(), "REFUSED",
                    r.configRefused());
        }
        if (!r.ok()) {
            out.printf(Locale.ROOT, "%-20s %-8s %s%n", r.node(), r.refused() != null ? "REFUSED" : "FAILED",
                    r.error());
            return;
        }
        if (dryRun) {
            out.printf(Locale.ROOT, "%-20s dry run (nothing changed): %s%n", r.node(), PlanPrinter.summary(r.plan()));
            if (!r.plan().isEmpty() || withheld(r) > 0) {
                PlanPrinter.print(r.plan(), out);
            }
            return;
        }
        PushResult p = r.result();
        String what = p == null ? "in sync" : String.format(Locale.ROOT,
                "%d created, %d updated, %d metadata, %d deleted, %s of files", p.created(), p.updated(),
                p.metadata(), p.removed(), Units.bytes(p.bytes()));
        out.printf(Locale.ROOT, "%-20s %-8s %s; %s on the wire, %.2f s%n", r.node(), withheld(r) > 0 ? "HELD" : "synced",
                what, Units.bytes(r.wireBytes()), r.seconds());
        if (r.plan() != null) {
            PlanPrinter.withheld(r.plan(), " ".repeat(21), out);
        }
        if (p != null) {
            p.hooks().forEach(h -> out.printf(Locale.ROOT, "%-20s hook     %s%n", "", h));
            p.notices().forEach(n -> out.printf(Locale.ROOT, "%-20s NOT KEPT %s%n", "", n));
        }
    }

    private static long withheld(NodeReport r) {
        return r.plan() == null ? 0 : r.plan().withheldEntries();
    }

    private Map<String, Object> jsonOf(NodeReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", r.node());
        m.put("ok", r.ok());
        m.put("error", r.error());
        m.put("refused", r.refused() == null ? null : r.refused().code());
        m.put("config_refused", r.configRefused());
        m.put("actions", r.plan() == null ? List.of() : Json.plan(r.plan()));
        Map<String, Object> res = null;
        if (r.result() != null) {
            PushResult p = r.result();
            res = Json.counts(p.created(), p.updated(), p.metadata(), p.removed(), p.bytes());
            res.put("batches", p.batches());
            res.put("hooks", p.hooks());
            res.put("not_kept", p.notices());
        }
        m.put("result", res);
        m.put("withheld", r.plan() == null ? List.of() : Json.withheld(r.plan()));
        m.put("wire_bytes", r.wireBytes());
        m.put("seconds", r.seconds());
        return m;
    }
}
