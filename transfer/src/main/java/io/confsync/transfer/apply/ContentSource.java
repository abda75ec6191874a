package io.confsync.transfer.apply;

import io.confsync.manifest.FileEntry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Supplies the new content of a file the applier is staging: a local copy, or a delta applied to
 * the target's current version.
 */
@FunctionalInterface
public interface ContentSource {

    /**
     * Writes the whole new content of {@code entry} to {@code out}.
     *
     * @param entry the source's entry (size and digest are verified by the applier afterwards)
     * @param basis the target's current regular file at that path, or null if there is none
     * @param out   the staged file; not to be closed
     * @throws IOException if the content cannot be produced
     */
    void writeTo(FileEntry entry, Path basis, OutputStream out) throws IOException;

    /** Content copied from a local source tree, opened without following symlinks. */
    static ContentSource localTree(Path sourceBase) {
        return (entry, basis, out) -> {
            try (var in = java.nio.file.Files.newInputStream(entry.path().resolveIn(sourceBase),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                in.transferTo(out);
            }
        };
    }
}
