package io.confsync.cli.print;

import io.confsync.conf.Units;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.Withheld;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** Renders plans for people: one aligned line per action, then a summary line. */
public final class PlanPrinter {

    private PlanPrinter() {
    }

    public static void print(Plan plan, PrintWriter out) {
        for (Action a : plan.actions()) {
            FileEntry e = a.entry();
            boolean removal = a instanceof Action.Remove;
            String meta = removal ? "" : e.modeString() + " " + e.owner() + ":" + e.group();
            String size = a.bytes() > 0 || a instanceof Action.PutFile ? Units.bytes(a.bytes()) : "";
            String tail = e.linkTarget() != null && !removal ? " -> " + e.linkTarget()
                    : a instanceof Action.MakeLink ? " = /" + e.linkedTo().value() : "";
            if (a instanceof Action.SetMetadata s && s.current() != null) {
                tail = "  (" + changes(s.current(), e) + ")";
            }
            out.printf(Locale.ROOT, "  %-8s %-24s %10s  %s%s%n", a.verb(), meta, size, a.path(), tail);
        }
        withheld(plan, "  ", out);
        out.println(summary(plan));
    }

    /** One line per guard that held deletes back: {@code HELD} and the reason, saying what to do. */
    public static void withheld(Plan plan, String indent, PrintWriter out) {
        for (Withheld w : plan.withheld()) {
            out.printf(Locale.ROOT, "%sHELD     %s%n", indent, w.reason());
        }
    }

    private static String changes(FileEntry from, FileEntry to) {
        List<String> b = new java.util.ArrayList<>();
        if (from.mode() != to.mode() && to.kind() != io.confsync.manifest.FileKind.SYMLINK) {
            b.add("mode " + from.modeString() + "->" + to.modeString());
        }
        if (!from.sameOwnership(to)) {
            b.add("owner " + from.owner() + ":" + from.group() + "->" + to.owner() + ":" + to.group());
        }
        if (from.mtimeNanos() != to.mtimeNanos()) {
            b.add("mtime");
        }
        b.addAll(AttributeDiff.of(from, to));
        return String.join("; ", b);
    }

    public static String summary(Plan plan) {
        String held = plan.withheld().isEmpty() ? "" : "; " + Units.count(plan.withheldEntries(), "delete")
                + " held back (see HELD)";
        if (plan.isEmpty()) {
            return held.isEmpty() ? "in sync: nothing to do" : "nothing else to do" + held;
        }
        long removals = plan.count(Action.Remove.class);
        return Units.count(plan.actions().size(), "action") + ": "
                + Units.count(plan.count(Action.PutFile.class), "file") + " to copy (" + Units.bytes(plan.bytes()) + "), "
                + Units.count(plan.count(Action.MakeDirectory.class), "directory", "directories") + " to create, "
                + Units.count(plan.count(Action.MakeSymlink.class), "symlink") + ", "
                + (plan.count(Action.MakeLink.class) == 0 ? "" : Units.count(plan.count(Action.MakeLink.class),
                "hard link") + ", ")
                + Units.count(plan.count(Action.SetMetadata.class), "metadata change") + ", "
                + Units.count(removals, "removal") + held;
    }
}
