package io.confsync.cli;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.transfer.session.LastError;
import io.confsync.transfer.session.Versions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code status --live}: every node asked now, read-only: reachable, epoch and seq, protocol
 * version, drift against the source, last error; and one GOOD/BAD verdict with its reasons.
 */
final class LiveStatus {

    /**
     * One node's line.
     *
     * @param node      name
     * @param role      source or standby (by this node's cluster state)
     * @param reachable whether it answered
     * @param epoch     its epoch; -1 if unreachable
     * @param seq       its seq; -1 if unreachable
     * @param source    the source it knows; empty if none or unreachable
     * @param protocol  the protocol version spoken with it; 0 if unreachable
     * @param drift     paths differing from the source; -1 if unknown
     * @param lastError its last refused or aborted batch, or why it is unreachable; empty for none
     */
    record Line(String node, String role, boolean reachable, long epoch, long seq, String source, int protocol,
                int drift, String lastError) {
    }

    private final List<Line> lines;
    private final List<String> problems = new ArrayList<>();
    private final Audit.Result result;

    LiveStatus(Config config, Audit.Result result) {
        this.result = result;
        this.lines = new ArrayList<>();
        ClusterState own = result.state();
        for (Audit.NodeAudit n : result.nodes()) {
            String role = n.node().name().equals(result.source()) ? "source" : "standby";
            int drift = n.manifest() == null || result.manifest() == null ? -1 : n.drift().size();
            Line line;
            if (n.node().name().equals(config.node())) {
                line = new Line(n.node().name(), role, true, own.epoch(), own.seq(),
                        own.source() == null ? "" : own.source(), Versions.CURRENT, drift,
                        LastError.currentIn(Wiring.stateDir(config), StateFence.standing(own)));
            } else if (n.hello() == null) {
                line = new Line(n.node().name(), role, false, -1, -1, "", 0, -1, n.error());
            } else {
                line = new Line(n.node().name(), role, true, n.hello().epoch(), n.hello().seq(), n.hello().source(),
                        Math.min(n.hello().maxVersion(), Versions.CURRENT), drift, n.hello().lastError());
            }
            lines.add(line);
        }
        judge();
    }

    private void judge() {
        long epoch = lines.stream().filter(l -> l.role().equals("source") && l.reachable()).mapToLong(Line::epoch)
                .findFirst().orElse(result.state().epoch());
        for (Line l : lines) {
            if (!l.reachable()) {
                problems.add(l.node() + " unreachable");
            } else if (l.epoch() != epoch || !l.source().equals(result.source())) {
                problems.add(l.node() + " at epoch " + l.epoch() + " with source "
                        + (l.source().isEmpty() ? "none" : l.source()) + ", the source " + result.source()
                        + " at epoch " + epoch);
            } else if (l.drift() > 0) {
                problems.add(l.node() + " has " + l.drift() + " paths of drift");
            } else if (l.drift() < 0) {
                problems.add(l.node() + ": drift unknown (the source is unreachable)");
            }
            if (l.reachable() && !l.lastError().isEmpty()) {
                problems.add(l.node() + " last error: " + l.lastError());
            }
        }
    }

    boolean good() {
        return problems.isEmpty();
    }

    void table(PrintWriter out) {
        out.printf(Locale.ROOT, "%-20s %-8s %-9s %6s %8s %5s %6s  %s%n", "NODE", "ROLE", "REACHABLE", "EPOCH", "SEQ",
                "PROTO", "DRIFT", "LAST ERROR");
        for (Line l : lines) {
            out.printf(Locale.ROOT, "%-20s %-8s %-9s %6s %8s %5s %6s  %s%n", l.node(), l.role(),
                    l.reachable() ? "yes" : "NO", dash(l.epoch()), dash(l.seq()), l.protocol() == 0 ? "-" : "v"
                            + l.protocol(), dash(l.drift()), l.lastError().isEmpty() ? "-" : l.lastError());
        }
        out.println(good() ? "GOOD: every node reachable, at the source's epoch, without drift"
                : "BAD: " + String.join("; ", problems));
    }

    void json(PrintWriter out) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", result.source());
        doc.put("overall", good() ? "GOOD" : "BAD");
        doc.put("problems", problems);
        doc.put("nodes", lines);
        out.println(Json.write(doc));
    }

    private static String dash(long v) {
        return v < 0 ? "-" : String.valueOf(v);
    }
}
