package io.confsync.cli.print;

import io.confsync.cluster.Audit;
import io.confsync.manifest.plan.Drift;
import io.confsync.manifest.plan.Withheld;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints an {@link Audit.Result}: a table, the documented JSON, or one monitoring-plugin line. */
public final class AuditReport {

    private final Audit.Result result;
    private final String cluster;

    public AuditReport(Audit.Result result, String cluster) {
        this.result = result;
        this.cluster = cluster;
    }

    private static String abs(Drift d) {
        return "/" + d.path().value();
    }

    public static String kinds(Drift d) {
        return String.join(",", d.kinds().stream().sorted().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    }

    /** Counts per kind, every kind present, in declaration order. */
    public static Map<String, Integer> counts(List<Drift> drift) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Drift.Kind k : Drift.Kind.values()) {
            out.put(k.name().toLowerCase(Locale.ROOT), (int) drift.stream().filter(d -> d.kinds().contains(k)).count());
        }
        return out;
    }

    public void table(PrintWriter out) {
        out.printf(Locale.ROOT, "audit of %s against %s (epoch %d)%n", cluster, result.source(),
                result.state().epoch());
        out.printf(Locale.ROOT, "%-20s %-12s %7s %5s %4s %7s %4s %5s %7s %5s %3s %4s %6s %10s%n", "NODE", "STATUS",
                "MISSING", "EXTRA", "TYPE", "CONTENT", "MODE", "OWNER", "SYMLINK", "XATTR", "ACL", "LINK", "SPARSE",
                "NODE-LOCAL");
        for (Audit.NodeAudit n : result.nodes()) {
            if (!n.reachable()) {
                out.printf(Locale.ROOT, "%-20s %-12s %s%n", n.node().name(), "UNREACHABLE", n.error());
                continue;
            }
            List<Integer> c = new ArrayList<>(counts(n.drift()).values());
            out.printf(Locale.ROOT, "%-20s %-12s %7d %5d %4d %7d %4d %5d %7d %5d %3d %4d %6d %10s%n", n.node().name(),
                    n.node().name().equals(result.source()) ? "source" : n.drift().isEmpty() ? "in sync" : "DRIFT",
                    c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5), c.get(6), c.get(7), c.get(8), c.get(9),
                    c.get(10), n.nodeLocal() < 0 ? "-" : String.valueOf(n.nodeLocal()));
        }
        for (Audit.NodeAudit n : result.nodes()) {
            for (Drift d : n.drift()) {
                out.printf(Locale.ROOT, "  %-18s %-16s %s%n", n.node().name(), kinds(d), abs(d));
            }
        }
        for (Audit.NodeAudit n : result.nodes()) {
            for (Withheld w : n.withheld()) {
                out.printf(Locale.ROOT, "  %-18s %-16s %s%n", n.node().name(), "HELD", w.reason());
            }
        }
        out.println(summary());
    }

    private String summary() {
        return io.confsync.conf.Units.count(result.nodes().size(), "node") + " audited: "
                + (result.nodes().size() - result.drifted() - result.unreachable()) + " in sync, " + result.drifted()
                + " drifted (" + io.confsync.conf.Units.count(result.driftedPaths(), "path") + "), "
                + result.unreachable() + " unreachable" + nodeLocalNote();
    }

    /** The node-local paths, which are neither compared nor drift: said when there are any. */
    private String nodeLocalNote() {
        long total = result.nodes().stream().filter(n -> n.reachable() && n.nodeLocal() > 0)
                .mapToLong(Audit.NodeAudit::nodeLocal).sum();
        return total == 0 ? "" : "; " + io.confsync.conf.Units.count(total, "node-local path") + " not compared";
    }

    public void json(PrintWriter out) {
        Map<String, Object> doc = Json.document();
        doc.put("cluster", cluster);
        doc.put("source", result.source());
        doc.put("epoch", result.state().epoch());
        doc.put("checked_at", Instant.now().toString());
        doc.put("status", switch (result.verdict()) {
            case IN_SYNC -> "in_sync";
            case DRIFT -> "drift";
            case UNREACHABLE -> "unreachable";
        });
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (Audit.NodeAudit n : result.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("node", n.node().name());
            m.put("reachable", n.reachable());
            m.put("error", n.error());
            m.put("in_sync", n.reachable() && n.drift().isEmpty());
            m.put("counts", counts(n.drift()));
            List<Map<String, Object>> diffs = new ArrayList<>();
            for (Drift d : n.drift()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("path", abs(d));
                x.put("kinds", d.kinds().stream().sorted().map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
                x.put("source", d.source() == null ? null : Json.entry(d.source(), abs(d)));
                x.put("node", d.node() == null ? null : Json.entry(d.node(), abs(d)));
                diffs.add(x);
            }
            m.put("differences", diffs);
            m.put("withheld", n.withheld().stream().mapToInt(w -> w.entries().size()).sum());
            m.put("node_local", n.nodeLocal() < 0 ? null : n.nodeLocal());
            nodes.add(m);
        }
        doc.put("nodes", nodes);
        out.println(Json.write(doc));
    }

    /** Nagios plugin style: one line with perfdata; the exit code maps to OK/WARNING/CRITICAL. */
    public void nagios(PrintWriter out) {
        String perf = String.format(Locale.ROOT, " | drifted_nodes=%d drifted_paths=%d unreachable=%d",
                result.drifted(), result.driftedPaths(), result.unreachable());
        List<String> bad = new ArrayList<>();
        for (Audit.NodeAudit n : result.nodes()) {
            if (!n.reachable()) {
                bad.add(n.node().name() + " unreachable: " + n.error());
            } else if (!n.drift().isEmpty()) {
                bad.add(n.node().name() + " " + (n.drift().size() == 1 ? "1 path differs" : n.drift().size() + " paths differ"));
            }
        }
        String state = switch (result.verdict()) {
            case IN_SYNC -> "OK";
            case DRIFT -> "WARNING";
            case UNREACHABLE -> "CRITICAL";
        };
        String text = bad.isEmpty() ? io.confsync.conf.Units.count(result.nodes().size(), "node") + " in sync with " + result.source()
                : String.join("; ", bad);
        out.println("CONFSYNC " + state + " - " + text + perf);
    }
}
