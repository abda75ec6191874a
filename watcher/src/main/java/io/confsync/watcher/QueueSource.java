package io.confsync.watcher;

import io.confsync.manifest.RelPath;

/**
 * A change source fed by hand: for tests on Jimfs, where directory-watcher does not recurse and
 * the WatchService polls every five seconds.
 */
public final class QueueSource implements ChangeSource {

    private volatile ChangeSink sink;

    @Override
    public void start(ChangeSink s) {
        this.sink = s;
    }

    /** Reports a change, as a watcher would. */
    public void feed(RelPath p) {
        sink.changed(p);
    }

    /** Reports lost events, as an overflow would. */
    public void overflow() {
        sink.lost("overflow (fed)");
    }

    @Override
    public void close() {
        sink = null;
    }
}
