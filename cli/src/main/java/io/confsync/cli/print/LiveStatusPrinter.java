package io.confsync.cli.print;

import io.confsync.cluster.LiveStatus;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Prints {@code status --live}: one line per node and the GOOD/BAD verdict, or the JSON document. */
public final class LiveStatusPrinter {

    private LiveStatusPrinter() {
    }

    /** The table and the verdict. */
    public static void table(LiveStatus status, PrintWriter out) {
        out.printf(Locale.ROOT, "%-20s %-8s %-9s %6s %8s %5s %6s  %s%n", "NODE", "ROLE", "REACHABLE", "EPOCH", "SEQ",
                "PROTO", "DRIFT", "LAST ERROR");
        for (LiveStatus.Line l : status.lines()) {
            out.printf(Locale.ROOT, "%-20s %-8s %-9s %6s %8s %5s %6s  %s%n", l.node(), l.role(),
                    l.reachable() ? "yes" : "NO", dash(l.epoch()), dash(l.seq()), l.protocol() == 0 ? "-" : "v"
                            + l.protocol(), dash(l.drift()), l.lastError().isEmpty() ? "-" : l.lastError());
        }
        out.println(status.good() ? "GOOD: every node reachable, at the source's epoch, without drift"
                : "BAD: " + String.join("; ", status.problems()));
    }

    /** {@code {"source", "overall", "problems", "nodes"}}. */
    public static void json(LiveStatus status, PrintWriter out) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("source", status.source());
        doc.put("overall", status.good() ? "GOOD" : "BAD");
        doc.put("problems", status.problems());
        doc.put("nodes", status.lines());
        out.println(Json.write(doc));
    }

    private static String dash(long v) {
        return v < 0 ? "-" : String.valueOf(v);
    }
}
