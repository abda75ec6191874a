package io.confsync.cli.print;

import io.confsync.cluster.Probe;
import io.confsync.cluster.Survey;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints what promote learned: one line per node, reachable, epoch, seq, source or error. */
public final class SurveyPrinter {

    private SurveyPrinter() {
    }

    /** The survey for a JSON document: a list of {node, here, reachable, epoch, seq, source, error}, this node first. */
    public static java.util.List<java.util.Map<String, Object>> json(Survey survey) {
        java.util.List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
        out.add(line(survey.self(), true, true, survey.own().epoch(), survey.own().seq(), survey.own().source(), null));
        for (Probe.Visit<Void> v : survey.visits()) {
            out.add(v.reachable()
                    ? line(v.node().name(), false, true, v.hello().epoch(), v.hello().seq(),
                            v.hello().source().isEmpty() ? null : v.hello().source(), null)
                    : line(v.node().name(), false, false, null, null, null, v.error()));
        }
        return out;
    }

    private static java.util.Map<String, Object> line(String node, boolean here, boolean reachable, Long epoch,
                                                      Long seq, String source, String error) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("node", node);
        m.put("here", here);
        m.put("reachable", reachable);
        m.put("epoch", epoch);
        m.put("seq", seq);
        m.put("source", source);
        m.put("error", error);
        return m;
    }

    /** The table, this node first. */
    public static void print(Survey survey, PrintWriter out) {
        out.printf(Locale.ROOT, "%-20s %-11s %6s %8s  %s%n", "NODE", "REACHABLE", "EPOCH", "SEQ", "SOURCE / ERROR");
        out.printf(Locale.ROOT, "%-20s %-11s %6d %8d  %s%n", survey.self() + " (here)", "yes", survey.own().epoch(),
                survey.own().seq(), survey.own().source() == null ? "-" : survey.own().source());
        for (Probe.Visit<Void> v : survey.visits()) {
            if (v.reachable()) {
                out.printf(Locale.ROOT, "%-20s %-11s %6d %8d  %s%n", v.node().name(), "yes", v.hello().epoch(),
                        v.hello().seq(), v.hello().source().isEmpty() ? "-" : v.hello().source());
            } else {
                out.printf(Locale.ROOT, "%-20s %-11s %6s %8s  %s%n", v.node().name(), "NO", "-", "-", v.error());
            }
        }
    }
}
