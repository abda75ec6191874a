package io.confsync.transfer.apply;

import java.nio.file.Path;

/**
 * What a committed batch did.
 *
 * @param created      files, directories and symlinks created
 * @param updated      files and symlinks whose content was replaced
 * @param metadata     entries whose mode, owner or mtime alone changed
 * @param removed      entries removed
 * @param bytesWritten content bytes staged
 * @param backup       where overwritten and deleted entries were kept, or null if nothing was
 * @param notices      what the file system would not keep (extended attributes, ACLs, holes), one
 *                     line per kind and file system; never null
 */
public record ApplyResult(int created, int updated, int metadata, int removed, long bytesWritten, Path backup,
                          java.util.List<String> notices) {

    /** Copies the list. */
    public ApplyResult {
        notices = java.util.List.copyOf(notices);
    }

    /** True if the batch changed nothing. */
    public boolean isEmpty() {
        return created + updated + metadata + removed == 0;
    }
}
