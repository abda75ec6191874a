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
 */
public record ApplyResult(int created, int updated, int metadata, int removed, long bytesWritten, Path backup) {

    /** True if the batch changed nothing. */
    public boolean isEmpty() {
        return created + updated + metadata + removed == 0;
    }
}
