package io.confsync.manifest;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the sync set: a directory (synchronized recursively) or a single named file, with
 * the patterns excluded below it and the node-local ones. Whether it is a file or a directory is
 * read from the source. Excluded and node-local paths are alike for the sync (never sent, written,
 * deleted or reported as drift, on any node); node-local ones are what must differ between nodes
 * (a host name, a machine id), which an audit counts apart.
 *
 * @param path      relative to the node's base; {@link RelPath#ROOT} for the whole base
 * @param excludes  never null
 * @param nodeLocal patterns of this node's own files; never null
 */
public record SyncRoot(RelPath path, List<Glob> excludes, List<Glob> nodeLocal) {

    /** Copies the lists. */
    public SyncRoot {
        Objects.requireNonNull(path, "path");
        excludes = List.copyOf(excludes);
        nodeLocal = List.copyOf(nodeLocal);
    }

    /** A root with excludes and no node-local patterns. */
    public SyncRoot(RelPath path, List<Glob> excludes) {
        this(path, excludes, List.of());
    }

    /** A root with no excludes. */
    public static SyncRoot of(RelPath path) {
        return new SyncRoot(path, List.of());
    }

    /** True if the path lies at or under this root and neither an exclude nor a node-local pattern matches it. */
    public boolean includes(RelPath p) {
        return p.startsWith(path) && !matches(excludes, p) && !matches(nodeLocal, p);
    }

    /** True if the path lies under this root and a node-local pattern matches it. */
    public boolean isNodeLocal(RelPath p) {
        return p.startsWith(path) && matches(nodeLocal, p);
    }

    private boolean matches(List<Glob> globs, RelPath p) {
        if (globs.isEmpty()) {
            return false;
        }
        RelPath relative = p.relativeTo(path);
        for (Glob g : globs) {
            if (g.matches(relative)) {
                return true;
            }
        }
        return false;
    }
}
