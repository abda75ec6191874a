package io.confsync.manifest.plan;

import io.confsync.manifest.Manifest;
import java.util.Optional;

/**
 * The mass-delete guard: a plan that deletes more than a share of the target's regular files is
 * refused unless forced. Pure, so sender and receiver reach the same verdict.
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

    /** Why the plan is refused, or empty if it may go ahead. */
    public Optional<String> refusal(Plan plan, Manifest target) {
        long deleted = plan.deletedFiles();
        long files = target.fileCount();
        if (deleted == 0 || deleted <= maxShare * files) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                "mass delete refused: the plan deletes %d of %d files on the target (more than %d%%); "
                        + "check the source, then repeat with --force", deleted, files, Math.round(maxShare * 100)));
    }
}
