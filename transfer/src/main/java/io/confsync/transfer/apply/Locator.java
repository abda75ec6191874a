package io.confsync.transfer.apply;

import io.confsync.manifest.RelPath;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * Where the applier acts for a path of the plan. Every operation of a batch (create, write,
 * rename, chmod, chown, utimes, unlink, link to a backup) goes through {@link #locate}, so that on
 * Linux it is confined by construction: the directories on the way are opened one by one from the
 * base, never through a symlink, and the operation names its entry inside the directory so opened.
 * A directory swapped for a symlink while a batch is staged then makes the operation fail inside
 * the root; it never acts outside it. Not thread-safe for {@link #forget}; {@link #locate} may be
 * called from the helper threads that write staged files.
 */
public interface Locator extends AutoCloseable {

    /**
     * The path to act on for {@code p}: its directories pinned, its last component not resolved.
     *
     * @throws ApplyException with code CONFINEMENT if a directory on the way is a symlink or not a
     *                        directory
     * @throws IOException    if a directory on the way does not exist or cannot be opened
     */
    Path locate(RelPath p) throws IOException;

    /**
     * A path that names the directory {@code dir} itself (to list it or force it to disk).
     *
     * @throws IOException as {@link #locate}
     */
    Path directory(RelPath dir) throws IOException;

    /** The batch removed or replaced the directory {@code dir}: what was pinned at or under it is let go. */
    void forget(RelPath dir);

    /** Lets every pinned directory go. */
    @Override
    void close();

    /** The confined locator where the host allows it (Linux, the default file system, /proc), else paths. */
    static Locator of(Path base) {
        if (base.getFileSystem() == FileSystems.getDefault() && DescriptorLocator.available()) {
            return new DescriptorLocator(base);
        }
        return new PathLocator(base);
    }

    /** Paths resolved from the base each time: for file systems without descriptors (Jimfs in tests). */
    final class PathLocator implements Locator {
        private final Path base;

        PathLocator(Path base) {
            this.base = base;
        }

        @Override
        public Path locate(RelPath p) {
            return p.resolveIn(base);
        }

        @Override
        public Path directory(RelPath dir) {
            return dir.resolveIn(base);
        }

        @Override
        public void forget(RelPath dir) {
            // nothing is pinned
        }

        @Override
        public void close() {
            // nothing to let go
        }
    }
}
