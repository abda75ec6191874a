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
     * @param epoch     its epoch; -1 if unreachable
     * @param seq       its seq; -1 if unreachable
     * @param source    the source it knows; empty if none or unreachable
     * @param protocol  the protocol version spoken with it; 0 if unreachable
     * @param drift     paths differing from the source; -1 if unknown
     * @param lastError its last refused or aborted batch, or why it is unreachable; empty for none
     */
    public record Line(String node, String role, boolean reachable, long epoch, long seq, String source, int protocol,
                int drift, String lastError) {
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
