package io.confsync.transfer.apply;

import io.confsync.manifest.plan.DeleteGuard;

/**
 * How the applier behaves.
 *
 * @param keepOwnership apply owner and group (by name, falling back to the numeric id)
 * @param force         skip the mass-delete guard
 * @param guard         the mass-delete guard; never null
 * @param maxFileSize   the largest file accepted, in bytes
 */
public record ApplyOptions(boolean keepOwnership, boolean force, DeleteGuard guard, long maxFileSize) {

    /** Ownership kept, guard at 50%, 64 MiB files. */
    public static ApplyOptions defaults() {
        return new ApplyOptions(true, false, DeleteGuard.DEFAULT, 64L << 20);
    }

    /** A copy with another force setting. */
    public ApplyOptions withForce(boolean f) {
        return new ApplyOptions(keepOwnership, f, guard, maxFileSize);
    }

    /** A copy with another ownership setting. */
    public ApplyOptions withKeepOwnership(boolean k) {
        return new ApplyOptions(k, force, guard, maxFileSize);
    }
}
