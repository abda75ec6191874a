package io.confsync.manifest.plan;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a node's copy of one path differs from the source's: the audit's unit. Modification times
 * are not compared (directories' change with every create, and sync preserves files' anyway).
 *
 * @param path   the path
 * @param kinds  every way it differs; never empty
 * @param source the source's entry, null if the source has none
 * @param node   the node's entry, null if the node has none
 */
public record Drift(RelPath path, Set<Kind> kinds, FileEntry source, FileEntry node) {

    /** A way a path differs. JSON and tables use the lower-case names. */
    public enum Kind {
        /** The source has it, the node does not. */
        MISSING,
        /** The node has it, the source does not. */
        EXTRA,
        /** File and directory, or file and symlink. */
        TYPE,
        /** Same kind, other content (size or XXH64). */
        CONTENT,
        /** Permission bits differ. */
        MODE,
        /** Owner or group name differs. */
        OWNER,
        /** Symlink target text differs. */
        SYMLINK
    }

    /** Copies the set. */
    public Drift {
        kinds = Set.copyOf(kinds);
    }

    /**
     * Every difference between a source manifest and a node's, in path order. Pure.
     *
     * @param owners compare owner and group names (sync keeps them only when run as root)
     */
    public static List<Drift> between(Manifest source, Manifest node, boolean owners) {
        Set<RelPath> all = new TreeSet<>();
        source.forEach(e -> all.add(e.path()));
        node.forEach(e -> all.add(e.path()));
        List<Drift> out = new ArrayList<>();
        for (RelPath p : all) {
            FileEntry a = source.get(p);
            FileEntry b = node.get(p);
            Set<Kind> kinds = EnumSet.noneOf(Kind.class);
            if (b == null) {
                kinds.add(Kind.MISSING);
            } else if (a == null) {
                kinds.add(Kind.EXTRA);
            } else if (a.kind() != b.kind()) {
                kinds.add(Kind.TYPE);
            } else {
                if (a.kind() == FileKind.FILE && !a.sameContent(b)) {
                    kinds.add(Kind.CONTENT);
                }
                if (a.kind() == FileKind.SYMLINK && !Objects.equals(a.linkTarget(), b.linkTarget())) {
                    kinds.add(Kind.SYMLINK);
                }
                if (a.kind() != FileKind.SYMLINK && a.mode() != b.mode()) {
                    kinds.add(Kind.MODE);
                }
                if (owners && !a.sameOwnership(b)) {
                    kinds.add(Kind.OWNER);
                }
            }
            if (!kinds.isEmpty()) {
                out.add(new Drift(p, kinds, a, b));
            }
        }
        return out;
    }
}
