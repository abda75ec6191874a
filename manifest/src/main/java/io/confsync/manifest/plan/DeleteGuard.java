package io.confsync.manifest.plan;

import io.confsync.manifest.Manifest;
import java.util.Optional;

/**
 * The mass-delete guard: the deletes of a plan that deletes more than a share of the target's
 * regular files are held back unless forced ({@link #hold}); a receiver refuses such a plan outright
 * ({@link #refusal}) as the last line, if a sender did not hold them back. Pure, so sender and
 * receiver reach the same verdict.
 *
 * @param maxShare the largest share of target files a plan may delete, in [0, 1]
 */
public record DeleteGuard(double maxShare) {

    /** Half the target's files. */
    public static final DeleteGuard DEFAULT = new DeleteGuard(0.5);

    /**
     * Validates the share.
     *
     * @throws IllegalArgumentException if outside [0, 1]
     */
    public DeleteGuard {
        if (!(maxShare >= 0 && maxShare <= 1)) {
            throw new IllegalArgumentException("delete share must be within 0%..100%: " + maxShare);
        }
    }

    /**
     * The plan with its deletes held back when it would delete too much: every other action goes
     * ahead, and the deletes are listed in {@link Plan#withheld()} with the reason. A plan within
     * the share is returned as it is.
     *
     * @param target the whole target manifest (not a subtree): the share is of all its files
     */
    public Plan hold(Plan plan, Manifest target) {
        Optional<String> why = refusal(plan, target);
        if (why.isEmpty()) {
            return plan;
        }
        java.util.List<Action> kept = new java.util.ArrayList<>();
        java.util.List<io.confsync.manifest.FileEntry> held = new java.util.ArrayList<>();
        for (Action a : plan.actions()) {
            if (a instanceof Action.Remove r && r.reason() == Action.Reason.DELETED) {
                held.add(r.entry());
            } else {
                kept.add(a);
            }
        }
        java.util.List<Withheld> withheld = new java.util.ArrayList<>(plan.withheld());
        withheld.add(new Withheld(Withheld.Guard.MASS_DELETE, io.confsync.manifest.RelPath.ROOT, held,
                "mass delete held back: " + why.get() + "; check the source, then release them with "
                        + "'confsync sync --force'"));
        return new Plan(kept, withheld);
    }

    /** What is wrong with the plan ("the plan deletes N of M files..."), or empty if it may go ahead. */
    public Optional<String> refusal(Plan plan, Manifest target) {
        long deleted = plan.deletedFiles();
        long files = target.fileCount();
        if (deleted == 0 || deleted <= maxShare * files) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "the plan deletes %d of %d files on the target (more than %d%%, limits.max-delete-share)", deleted, files, Math.round(maxShare * 100)));
    }
}
