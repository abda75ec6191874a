package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.transfer.session.LastError;
import io.confsync.transfer.session.Versions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status --live}: every node asked now, read-only: reachable, epoch and seq, protocol
 * version, drift against the source, last error; and one GOOD/BAD verdict with its reasons.
 */
public final class LiveStatus {

    /**
     * One node's line.
     *
     * @param node      name
     * @param role      source or standby (by this node's cluster state)
     * @param reachable whether it answered
     * @param epoch     its epoch; null if unreachable
     * @param seq       its seq; null if unreachable
     * @param source    the source it knows; null if none or unreachable
     * @param protocol  the protocol version spoken with it; null if unreachable
     * @param drift     paths differing from the source; null if unknown
     * @param lastError its last refused or aborted batch that still concerns it, or why it is
     *                  unreachable; null for none
     * @param lastErrorAt when that error was recorded, ISO 8601 UTC to the millisecond; null if
     *                    none, unknown (a node of protocol 1) or unreachable
     */
    public record Line(String node, String role, boolean reachable, Long epoch, Long seq, String source,
                       Integer protocol, Integer drift, String lastError, String lastErrorAt) {
    }

    private final List<Line> lines;
    private final List<String> problems = new ArrayList<>();
    private final Audit.Result result;

    public LiveStatus(Config config, Audit.Result result) {
        this.result = result;
        this.lines = new ArrayList<>();
        ClusterState own = result.state();
        for (Audit.NodeAudit n : result.nodes()) {
            String role = n.node().name().equals(result.source()) ? "source" : "standby";
            Integer drift = n.manifest() == null || result.manifest() == null ? null : n.drift().size();
            Line line;
            if (n.node().name().equals(config.node())) {
                LastError.Entry e = LastError.read(Wiring.stateDir(config));
                boolean current = e != null && e.current(StateFence.standing(own));
                line = new Line(n.node().name(), role, true, own.epoch(), own.seq(), own.source(), Versions.CURRENT,
                        drift, current ? e.message() : null, current ? stamp(e.at()) : null);
            } else if (n.hello() == null) {
                line = new Line(n.node().name(), role, false, null, null, null, null, null, n.error(), null);
            } else {
                String error = blankToNull(n.hello().lastError());
                line = new Line(n.node().name(), role, true, n.hello().epoch(), n.hello().seq(),
                        blankToNull(n.hello().source()), Math.min(n.hello().maxVersion(), Versions.CURRENT), drift,
                        error, error == null ? null : stamp(n.lastErrorAt()));
            }
            lines.add(line);
        }
        judge();
    }

    private static String stamp(java.time.Instant at) {
        return at == null ? null : at.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private void judge() {
        long epoch = lines.stream().filter(l -> l.role().equals("source") && l.reachable()).mapToLong(Line::epoch)
                .findFirst().orElse(result.state().epoch());
        for (Line l : lines) {
            if (!l.reachable()) {
                problems.add(l.node() + " unreachable");
            } else if (l.epoch() != epoch || !result.source().equals(l.source())) {
                problems.add(l.node() + " at epoch " + l.epoch() + " with source "
                        + (l.source() == null ? "none" : l.source()) + ", the source " + result.source()
                        + " at epoch " + epoch);
            } else if (l.drift() == null) {
                problems.add(l.node() + ": drift unknown (the source is unreachable)");
            } else if (l.drift() > 0) {
                problems.add(l.node() + " has " + (l.drift() == 1 ? "1 path" : l.drift() + " paths") + " of drift");
            }
            if (l.reachable() && l.lastError() != null) {
                problems.add(l.node() + " last error: " + l.lastError());
            }
        }
    }

    /** True if every node is reachable, at the source's epoch, without drift or a current error. */
    public boolean good() {
        return problems.isEmpty();
    }

    /** One line per node, in list order. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Why the verdict is BAD; empty when GOOD. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The source the nodes were compared with. */
    public String source() {
        return result.source();
    }
}
