package io.confsync.cli.print;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.Xattrs;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * How two entries of one path differ in what lies beyond mode, owner and content: extended
 * attributes, ACLs, hard links and holes, one phrase each, for plans, audits and diffs.
 */
public final class AttributeDiff {

    private AttributeDiff() {
    }

    /**
     * Phrases like {@code security.selinux "a_t" -> "b_t"} or {@code linked to /etc/a -> not linked}.
     *
     * @param from what the node has; never null
     * @param to   what the source has; never null
     */
    public static List<String> of(FileEntry from, FileEntry to) {
        List<String> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(from.xattrs().names());
        names.addAll(to.xattrs().names());
        for (String name : names) {
            byte[] a = from.xattrs().value(name);
            byte[] b = to.xattrs().value(name);
            if (!java.util.Arrays.equals(a, b)) {
                out.add(name + " " + (a == null ? "(none)" : Xattrs.show(name, a)) + " -> "
                        + (b == null ? "(none)" : Xattrs.show(name, b)));
            }
        }
        if (!Objects.equals(from.linkedTo(), to.linkedTo())) {
            out.add(linked(from) + " -> " + linked(to));
        }
        if (!from.holes().equals(to.holes())) {
            out.add(holes(from) + " -> " + holes(to));
        }
        return out;
    }

    /** A short tag of an entry's extras for one-line listings, e.g. {@code [2 xattrs, acl, = /etc/a, 3 holes]}; empty if none. */
    public static String tag(FileEntry e) {
        List<String> parts = new ArrayList<>();
        int plain = e.xattrs().withoutAcls().names().size();
        if (plain > 0) {
            parts.add(plain + (plain == 1 ? " xattr" : " xattrs"));
        }
        if (!e.xattrs().acls().isEmpty()) {
            parts.add("acl");
        }
        if (e.linkedTo() != null) {
            parts.add("= /" + e.linkedTo().value());
        }
        if (!e.holes().isEmpty()) {
            parts.add(holes(e));
        }
        return parts.isEmpty() ? "" : " [" + String.join(", ", parts) + "]";
    }

    private static String linked(FileEntry e) {
        return e.linkedTo() == null ? "not linked" : "linked to /" + e.linkedTo().value();
    }

    private static String holes(FileEntry e) {
        int n = e.holes().count();
        return n == 0 ? "no holes" : n + (n == 1 ? " hole" : " holes") + " (" + e.holes().bytes() + " bytes)";
    }
}
