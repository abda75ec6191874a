package io.confsync.manifest.plan;

import io.confsync.manifest.RelPath;
import java.util.Set;

/**
 * How to plan.
 *
 * @param delete        remove target entries the source does not have
 * @param keepOwnership compare and apply owner and group; when false they are ignored
 * @param noDeleteUnder roots under which nothing is deleted (a missing, unreadable or empty source
 *                      root); never null
 * @param held          paths whose source state is unknown: nothing at or under them is touched;
 *                      never null
 */
public record PlanOptions(boolean delete, boolean keepOwnership, Set<RelPath> noDeleteUnder, Set<RelPath> held) {

    /** Copies the sets. */
    public PlanOptions {
        noDeleteUnder = Set.copyOf(noDeleteUnder);
        held = Set.copyOf(held);
    }

    /** Delete on, ownership on, nothing protected. */
    public static PlanOptions defaults() {
        return new PlanOptions(true, true, Set.of(), Set.of());
    }

    /** A copy with another delete setting. */
    public PlanOptions withDelete(boolean d) {
        return new PlanOptions(d, keepOwnership, noDeleteUnder, held);
    }

    /** A copy with another ownership setting. */
    public PlanOptions withKeepOwnership(boolean k) {
        return new PlanOptions(delete, k, noDeleteUnder, held);
    }

    /** A copy with these roots protected from deletes. */
    public PlanOptions withNoDeleteUnder(Set<RelPath> roots) {
        return new PlanOptions(delete, keepOwnership, roots, held);
    }

    /** A copy with these paths held. */
    public PlanOptions withHeld(Set<RelPath> h) {
        return new PlanOptions(delete, keepOwnership, noDeleteUnder, h);
    }

    /** True if the path is held or lies under a held path. */
    public boolean isHeld(RelPath p) {
        return covers(held, p);
    }

    /** True if deletes at this path are forbidden. */
    public boolean mayNotDelete(RelPath p) {
        return covers(noDeleteUnder, p) || covers(held, p);
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
