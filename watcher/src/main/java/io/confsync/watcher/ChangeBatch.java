package io.confsync.watcher;

import io.confsync.manifest.RelPath;
import java.util.Set;

/**
 * Paths to rescan.
 *
 * @param dirty     paths that changed (a directory means: it and everything under it)
 * @param rescanAll rescan every root: events were lost (overflow, watcher error) or a periodic
 *                  reconcile is due
 */
public record ChangeBatch(Set<RelPath> dirty, boolean rescanAll) {

    /** Copies the set. */
    public ChangeBatch {
        dirty = Set.copyOf(dirty);
    }
}
