package io.confsync.watcher;

import io.confsync.manifest.FileNames;
import io.confsync.manifest.PathRules;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/** Reports changes under the sync set until closed. */
public interface ChangeSource extends AutoCloseable {

    /**
     * Starts reporting to {@code sink}; returns at once.
     *
     * @throws IOException if watching cannot start
     */
    void start(ChangeSink sink) throws IOException;

    @Override
    void close() throws IOException;

    /**
     * Waits until every change made before this call has been told to the sink, so that a reader
     * of what the sink collected sees it: a barrier for answers that must be exact.
     *
     * @return true if it did within {@code timeoutMillis}; false if it did not, or if this source
     *         cannot tell (then the caller must look for itself)
     */
    default boolean catchUp(long timeoutMillis) {
        return false;
    }

    /**
     * The watcher for a node's base directory: inotify directly where it can be used (Linux, the
     * default file system, file names in UTF-8), else directory-watcher over the JDK's WatchService,
     * which misses writes through mmap and attribute-only changes.
     */
    static ChangeSource forBase(Path base, PathRules rules) {
        if (InotifySource.available() && base.getFileSystem() == FileSystems.getDefault()
                && FileNames.encodingProblem() == null) {
            return new InotifySource(base, rules);
        }
        return new DirectoryWatcherSource(base, rules);
    }
}
