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
        SYMLINK,
        /** Extended attributes other than ACLs differ ({@code user.}, {@code trusted.}, {@code security.}). */
        XATTR,
        /** POSIX access or default ACL differs. */
        ACL,
        /** Hard links differ: the file is linked to another name on one node and not on the other. */
        LINK,
        /** Holes differ: sparse on one node, not (or otherwise) on the other. */
        SPARSE
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
        // One walk over both manifests, each in path order: one comparison per step, no lookups.
        java.util.Iterator<FileEntry> as = source.iterator();
        java.util.Iterator<FileEntry> bs = node.iterator();
        FileEntry a = as.hasNext() ? as.next() : null;
        FileEntry b = bs.hasNext() ? bs.next() : null;
        List<Drift> out = new ArrayList<>();
        while (a != null || b != null) {
            int order = a == null ? 1 : b == null ? -1 : a.path().compareTo(b.path());
            if (order < 0) {
                out.add(new Drift(a.path(), EnumSet.of(Kind.MISSING), a, null));
                a = as.hasNext() ? as.next() : null;
            } else if (order > 0) {
                out.add(new Drift(b.path(), EnumSet.of(Kind.EXTRA), null, b));
                b = bs.hasNext() ? bs.next() : null;
            } else {
                Set<Kind> kinds = kinds(a, b, owners);
                if (!kinds.isEmpty()) {
                    out.add(new Drift(a.path(), kinds, a, b));
                }
                a = as.hasNext() ? as.next() : null;
                b = bs.hasNext() ? bs.next() : null;
            }
        }
        return out;
    }

    /**
     * A digest of everything {@link #between} compares, over a whole manifest: two manifests of
     * equal digests (with the same {@code owners}) have no drift between them, barring a 64-bit
     * collision (the odds of the XXH64 that compares contents already). What it leaves out (times,
     * numeric ids) no audit reports. Lets a node answer "in sync" without sending its manifest.
     */
    public static long digest(Manifest m, boolean owners) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(m.size() * 64);
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        try {
            for (FileEntry e : m) {
                out.writeUTF(e.path().value());
                out.writeByte(e.kind().ordinal());
                if (e.kind() == FileKind.FILE) {
                    out.writeLong(e.size());
                    out.writeLong(e.digest().value());
                }
                if (e.kind() == FileKind.SYMLINK) {
                    out.writeUTF(e.linkTarget());
                } else {
                    out.writeShort(e.mode());
                }
                if (owners) {
                    out.writeUTF(e.owner());
                    out.writeUTF(e.group());
                }
                e.writeExtras(out);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // not from a byte array
        }
        return io.confsync.manifest.Digest.of(bytes.toByteArray()).value();
    }

    /** How two entries of one path differ; empty if they do not. */
    private static Set<Kind> kinds(FileEntry a, FileEntry b, boolean owners) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (a.kind() != b.kind()) {
            kinds.add(Kind.TYPE);
            return kinds;
        }
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
        if (!a.xattrs().withoutAcls().equals(b.xattrs().withoutAcls())) {
            kinds.add(Kind.XATTR);
        }
        if (!a.xattrs().acls().equals(b.xattrs().acls())) {
            kinds.add(Kind.ACL);
        }
        if (!Objects.equals(a.linkedTo(), b.linkedTo())) {
            kinds.add(Kind.LINK);
        }
        if (!a.holes().equals(b.holes())) {
            kinds.add(Kind.SPARSE);
        }
        return kinds;
    }
}
