package io.confsync.manifest;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the sync set: a directory (synchronized recursively) or a single named file, with
 * the patterns excluded below it. Whether it is a file or a directory is read from the source.
 *
 * @param path     relative to the node's base; {@link RelPath#ROOT} for the whole base
 * @param excludes never null
 */
public record SyncRoot(RelPath path, List<Glob> excludes) {

    /** Copies the list. */
    public SyncRoot {
        Objects.requireNonNull(path, "path");
        excludes = List.copyOf(excludes);
    }

    /** A root with no excludes. */
    public static SyncRoot of(RelPath path) {
        return new SyncRoot(path, List.of());
    }

    /** True if the path lies at or under this root and no exclude pattern matches it. */
    public boolean includes(RelPath p) {
        if (!p.startsWith(path)) {
            return false;
        }
        RelPath relative = p.relativeTo(path);
        for (Glob g : excludes) {
            if (g.matches(relative)) {
                return false;
            }
        }
        return true;
    }
}
