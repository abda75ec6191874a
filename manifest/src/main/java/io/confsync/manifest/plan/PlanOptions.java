package io.confsync.manifest.plan;

import io.confsync.manifest.RelPath;
import io.confsync.manifest.RootState;
import java.util.Map;
import java.util.Set;

/**
 * How to plan.
 *
 * @param delete        remove target entries the source does not have
 * @param keepOwnership compare and apply owner and group; when false they are ignored
 * @param guardedRoots  roots under which nothing is deleted, with the source root's state that
 *                      guards them (missing, unreadable or empty); the deletes they hold back are
 *                      listed in the plan's {@link Plan#withheld()}; never null
 * @param held          paths whose source state is unknown: nothing at or under them is touched;
 *                      never null
 */
public record PlanOptions(boolean delete, boolean keepOwnership, Map<RelPath, RootState> guardedRoots,
                          Set<RelPath> held) {

    /** Copies the sets. */
    public PlanOptions {
        guardedRoots = Map.copyOf(guardedRoots);
        held = Set.copyOf(held);
    }

    /** Delete on, ownership on, nothing protected. */
    public static PlanOptions defaults() {
        return new PlanOptions(true, true, Map.of(), Set.of());
    }

    /** A copy with another delete setting. */
    public PlanOptions withDelete(boolean d) {
        return new PlanOptions(d, keepOwnership, guardedRoots, held);
    }

    /** A copy with another ownership setting. */
    public PlanOptions withKeepOwnership(boolean k) {
        return new PlanOptions(delete, k, guardedRoots, held);
    }

    /** A copy with these roots protected from deletes, each by the state of the source root. */
    public PlanOptions withGuardedRoots(Map<RelPath, RootState> roots) {
        return new PlanOptions(delete, keepOwnership, roots, held);
    }

    /** A copy with these paths held. */
    public PlanOptions withHeld(Set<RelPath> h) {
        return new PlanOptions(delete, keepOwnership, guardedRoots, h);
    }

    /** True if the path is held or lies under a held path. */
    public boolean isHeld(RelPath p) {
        return covers(held, p);
    }

    /** The guarded root at or above the path, or null. */
    public RelPath guardedRootOf(RelPath p) {
        if (guardedRoots.isEmpty()) {
            return null;
        }
        for (RelPath q = p; q != null; q = q.parent()) {
            if (guardedRoots.containsKey(q)) {
                return q;
            }
        }
        return null;
    }

    private static boolean covers(Set<RelPath> set, RelPath p) {
        if (set.isEmpty()) {
            return false;
        }
        for (RelPath q = p; q != null; q = q.parent()) {
            if (set.contains(q)) {
                return true;
            }
        }
        return false;
    }
}
