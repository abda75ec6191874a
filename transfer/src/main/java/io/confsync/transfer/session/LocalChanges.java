package io.confsync.transfer.session;

import io.confsync.manifest.RelPath;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Reports changes under the receiver's own roots while a session is open, so that drift (edits
 * made on the standby by hand) can be told to the source. The CLI plugs the file watcher in.
 */
public interface LocalChanges extends AutoCloseable {

    /**
     * Starts reporting.
     *
     * @param changed called with each changed path
     * @param lost    called when events were lost and everything must be compared
     * @throws IOException if watching cannot start
     */
    void start(Consumer<RelPath> changed, Runnable lost) throws IOException;

    /**
     * Waits until every change made before this call has been reported.
     *
     * @return true if it has within {@code timeoutMillis}; false if not, or if this watcher cannot tell
     */
    default boolean catchUp(long timeoutMillis) {
        return false;
    }

    @Override
    void close() throws IOException;
}
