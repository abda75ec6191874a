package io.confsync.manifest;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Hierarchical digests of a manifest: every path that is an entry or lies above one is a node,
 * whose digest covers its own entry (every field, times and numeric ids included) and the names
 * and digests of its children. Two nodes of equal digests hold equal entries at and under them,
 * barring a 64-bit collision, so two nodes compare a whole tree by one digest and walk down only
 * where digests differ. Directories that are not entries themselves (above a named file) are
 * nodes without an entry of their own. Pure: computed from the manifest when asked, in time
 * proportional to the entries under the node.
 */
public final class DigestTree {

    private DigestTree() {
    }

    /**
     * A node's child.
     *
     * @param name   its last segment; never null
     * @param digest the digest of everything at and under it
     * @param branch true if more may lie under it: a directory, or a path above entries that is not
     *               one itself
     */
    public record Child(String name, long digest, boolean branch) {
        /** Checks the name. */
        public Child {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A node and its children.
     *
     * @param path     the node; {@link RelPath#ROOT} for the whole manifest
     * @param self     the node's own entry; null when the path is not an entry (the root, a
     *                 directory above named files, or a path the manifest does not hold)
     * @param digest   the node's digest
     * @param children in path order; never null
     */
    public record Listing(RelPath path, FileEntry self, long digest, List<Child> children) {
        /** Copies the list. */
        public Listing {
            Objects.requireNonNull(path, "path");
            children = List.copyOf(children);
        }

        /** The children by name, in path order. */
        public Map<String, Child> byName() {
            Map<String, Child> out = new LinkedHashMap<>();
            children.forEach(c -> out.put(c.name(), c));
            return out;
        }
    }

    /** The digest of the node at {@code path}; that of an empty node when the manifest holds nothing there. */
    public static long digest(Manifest m, RelPath path) {
        return list(m, path).digest();
    }

    /** The node at {@code path} with its children's digests: one walk over the entries under it. */
    public static Listing list(Manifest m, RelPath path) {
        Frame top = new Frame(path, m.get(path), true);
        Deque<Frame> open = new ArrayDeque<>();
        open.push(top);
        for (FileEntry e : m.subtree(path)) {
            RelPath p = e.path();
            if (p.equals(path)) {
                continue;
            }
            while (!below(p, open.peek().path)) {
                close(open);
            }
            for (RelPath between : between(open.peek().path, p.parent())) {
                open.push(new Frame(between, null, false));
            }
            open.push(new Frame(p, e, false));
        }
        while (open.size() > 1) {
            close(open);
        }
        return new Listing(path, top.self, top.digest(), top.children);
    }

    private static boolean below(RelPath p, RelPath ancestor) {
        return !p.equals(ancestor) && p.startsWith(ancestor);
    }

    /** The paths below {@code ancestor} down to {@code parent} inclusive, top first; empty when they are equal. */
    private static List<RelPath> between(RelPath ancestor, RelPath parent) {
        List<RelPath> out = new ArrayList<>();
        for (RelPath a = parent; !a.equals(ancestor); a = a.parent()) {
            out.add(0, a);
        }
        return out;
    }

    private static void close(Deque<Frame> open) {
        Frame done = open.pop();
        open.peek().add(new Child(done.path.name(), done.digest(), done.branch()));
    }

    /** A node being digested: its entry's bytes, then each finished child's name and digest. */
    private static final class Frame {
        private final RelPath path;
        private final FileEntry self;
        private final Bytes bytes = new Bytes();
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final List<Child> children;
        private boolean hasChildren;

        Frame(RelPath path, FileEntry self, boolean keepChildren) {
            this.path = path;
            this.self = self;
            this.children = keepChildren ? new ArrayList<>() : null;
            try {
                out.writeBoolean(self != null);
                if (self != null) {
                    write(out, self);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e); // not from a byte array
            }
        }

        void add(Child c) {
            hasChildren = true;
            if (children != null) {
                children.add(c);
            }
            try {
                out.writeUTF(c.name());
                out.writeLong(c.digest());
            } catch (IOException e) {
                throw new UncheckedIOException(e); // not from a byte array
            }
        }

        boolean branch() {
            return self == null || self.kind() == FileKind.DIRECTORY || hasChildren;
        }

        long digest() {
            return Digest.of(bytes.raw(), 0, bytes.size()).value();
        }
    }

    /** Every field but the path, which the parent's digest covers by name. */
    private static void write(DataOutputStream out, FileEntry e) throws IOException {
        out.writeByte(e.kind().ordinal());
        out.writeLong(e.size());
        out.writeShort(e.mode());
        out.writeUTF(e.owner());
        out.writeUTF(e.group());
        out.writeInt(e.uid());
        out.writeInt(e.gid());
        out.writeLong(e.mtimeNanos());
        out.writeLong(e.digest() == null ? 0 : e.digest().value()); // the kind says whether there is one
        out.writeUTF(e.linkTarget() == null ? "" : e.linkTarget());
        e.writeExtras(out);
    }

    /** A byte buffer hashed in place. */
    private static final class Bytes extends ByteArrayOutputStream {
        Bytes() {
            super(64);
        }

        byte[] raw() {
            return buf;
        }
    }
}
