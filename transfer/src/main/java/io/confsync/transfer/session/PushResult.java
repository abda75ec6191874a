package io.confsync.transfer.session;

import java.util.List;

/**
 * What pushing a plan to one standby did.
 *
 * @param created   entries created
 * @param updated   files and symlinks replaced
 * @param metadata  metadata-only changes
 * @param removed   entries deleted
 * @param bytes     content bytes the standby wrote
 * @param batches   batches committed
 * @param aborted   the abort message if the push failed, else null
 * @param abortCode the abort code if the push failed, else null
 * @param reasons   per-file reasons of the abort; empty otherwise
 * @param hooks     one-line results of the hooks the standby ran
 * @param notices   what the standby's file systems would not keep (extended attributes, ACLs,
 *                  holes), one line per kind and file system
 */
public record PushResult(int created, int updated, int metadata, int removed, long bytes, int batches,
                         String aborted, String abortCode, List<String> reasons, List<String> hooks,
                         List<String> notices) {

    /** Copies the lists. */
    public PushResult {
        reasons = List.copyOf(reasons);
        hooks = List.copyOf(hooks);
        notices = List.copyOf(new java.util.LinkedHashSet<>(notices));
    }

    /** True if a hook the standby ran failed. */
    public boolean hookFailed() {
        return hooks.stream().anyMatch(h -> h.contains(" FAILED"));
    }

    /** True if every batch committed. */
    public boolean ok() {
        return aborted == null;
    }
}
