package io.confsync.cli.print;

import io.confsync.cluster.LiveStatus;
import java.io.PrintWriter;
import java.util.Map;

/** Prints {@code status --live}: one line per node and the GOOD/BAD verdict, or the JSON document. */
public final class LiveStatusPrinter {

    private LiveStatusPrinter() {
    }

    /** The table and the verdict. */
    public static void table(LiveStatus status, PrintWriter out) {
        Table t = new Table("NODE", "ROLE", "REACHABLE", "EPOCH>", "SEQ>", "PROTO", "DRIFT NOW>");
        for (LiveStatus.Line l : status.lines()) {
            t.row(l.node(), l.role(), l.reachable() ? "yes" : "NO", l.epoch(), l.seq(),
                    l.protocol() == null ? null : "v" + l.protocol(), l.drift());
        }
        t.print(out);
        for (LiveStatus.Line l : status.lines()) {
            if (l.lastError() != null) {
                out.println("  " + l.node() + "  " + (!l.reachable() ? "unreachable: "
                        : l.lastErrorAt() == null ? "last error: " : "last error at " + l.lastErrorAt() + ": ")
                        + l.lastError());
            }
        }
        out.println(status.good() ? "GOOD: every node reachable, at the source's epoch, without drift"
                : "BAD: " + String.join("; ", status.problems()));
    }

    /** {@code {"source", "overall", "problems", "nodes"}}. */
    public static void json(LiveStatus status, PrintWriter out) {
        Map<String, Object> doc = Json.document();
        doc.put("source", status.source());
        doc.put("overall", status.good() ? "GOOD" : "BAD");
        doc.put("problems", status.problems());
        doc.put("nodes", status.lines());
        out.println(Json.write(doc));
    }
}
