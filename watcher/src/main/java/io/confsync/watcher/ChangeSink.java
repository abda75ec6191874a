package io.confsync.watcher;

import io.confsync.manifest.RelPath;

/** Where a change source reports. Implementations are thread-safe. */
public interface ChangeSink {

    /** A path inside the sync set changed (created, modified, deleted, renamed). */
    void changed(RelPath path);

    /** Events may have been lost: everything must be rescanned. */
    void lost(String why);
}
