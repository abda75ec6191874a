package io.confsync.cli.print;

import io.confsync.cluster.Probe;
import io.confsync.cluster.Survey;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints what promote learned: one line per node, reachable, epoch, seq, source or error. */
public final class SurveyPrinter {

    private SurveyPrinter() {
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
