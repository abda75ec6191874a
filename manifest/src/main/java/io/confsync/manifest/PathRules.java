package io.confsync.manifest;

import java.util.List;
import java.util.Optional;

/**
 * The sync set: its roots (directories and single named files), their excludes and node-local
 * patterns. confsync's own temporary files ({@value #TEMP_PREFIX}...) are always excluded, on every
 * node.
 *
 * @param roots     never null; no root lies under another
 * @param nodeLocal node-local patterns for every root, matched against the whole path from the
 *                  node's base ({@code etc/hostname}); never null
 */
public record PathRules(List<SyncRoot> roots, List<Glob> nodeLocal) {

    /** Name prefix of every temporary file confsync creates. */
    public static final String TEMP_PREFIX = ".confsync-tmp-";

    /**
     * Validates that roots do not nest.
     *
     * @throws IllegalArgumentException naming the two overlapping roots
     */
    public PathRules {
        roots = List.copyOf(roots);
        nodeLocal = List.copyOf(nodeLocal);
        for (SyncRoot a : roots) {
            for (SyncRoot b : roots) {
                if (a != b && a.path().startsWith(b.path())) {
                    throw new IllegalArgumentException("sync path " + a.path() + " lies inside "
                            + b.path() + ": list only the outer one and use exclude for the rest");
                }
            }
        }
    }

    /** Rules of roots with only their own patterns. */
    public PathRules(List<SyncRoot> roots) {
        this(roots, List.of());
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

    /** True if the path is inside a root and one of its node-local patterns matches it. */
    public boolean isNodeLocal(RelPath p) {
        return rootOf(p).map(r -> r.isNodeLocal(p) || !p.equals(r.path()) && matchesNodeLocal(p)).orElse(false);
    }

    private boolean matchesNodeLocal(RelPath p) {
        for (Glob g : nodeLocal) {
            if (g.matches(p)) {
                return true;
            }
        }
        return false;
    }

    /** True if the path is inside a root, neither excluded nor node-local there, and not a confsync temp file. */
    public boolean includes(RelPath p) {
        if (isTempName(p.name())) {
            return false;
        }
        return rootOf(p).map(r -> r.includes(p) && (p.equals(r.path()) || !matchesNodeLocal(p))).orElse(false);
    }
}
