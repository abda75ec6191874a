package io.confsync.manifest;

import java.util.List;
import java.util.Optional;

/**
 * The sync set: its roots (directories and single named files) and their excludes. confsync's own
 * temporary files ({@value #TEMP_PREFIX}...) are always excluded, on every node.
 *
 * @param roots never null; no root lies under another
 */
public record PathRules(List<SyncRoot> roots) {

    /** Name prefix of every temporary file confsync creates. */
    public static final String TEMP_PREFIX = ".confsync-tmp-";

    /**
     * Validates that roots do not nest.
     *
     * @throws IllegalArgumentException naming the two overlapping roots
     */
    public PathRules {
        roots = List.copyOf(roots);
        for (SyncRoot a : roots) {
            for (SyncRoot b : roots) {
                if (a != b && a.path().startsWith(b.path())) {
                    throw new IllegalArgumentException("sync path " + a.path() + " lies inside "
                            + b.path() + ": list only the outer one and use exclude for the rest");
                }
            }
        }
    }

    /** Rules covering the whole base directory. */
    public static PathRules everything() {
        return new PathRules(List.of(SyncRoot.of(RelPath.ROOT)));
    }

    /** True for names confsync uses for its temporary files. */
    public static boolean isTempName(String name) {
        return name.startsWith(TEMP_PREFIX);
    }

    /** The root that contains the path, if any. */
    public Optional<SyncRoot> rootOf(RelPath p) {
        return roots.stream().filter(r -> p.startsWith(r.path())).findFirst();
    }

    /** True if the path is inside a root, not excluded there, and not a confsync temp file. */
    public boolean includes(RelPath p) {
        if (isTempName(p.name())) {
            return false;
        }
        return rootOf(p).map(r -> r.includes(p)).orElse(false);
    }
}
