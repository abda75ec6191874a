package io.confsync.watcher;

import java.io.IOException;

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
}
