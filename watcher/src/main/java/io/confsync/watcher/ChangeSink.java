package io.confsync.watcher;

import io.confsync.manifest.RelPath;

/** Where a change source reports. Implementations are thread-safe. */
public interface ChangeSink {

    /** A path inside the sync set changed (created, modified, deleted, renamed, attributes). */
    void changed(RelPath path);

    /** Events may have been lost: everything must be rescanned. */
    void lost(String why);

    /**
     * A file was modified and is still open for writing: what it holds may be half written until
     * {@link #closed}. A source that cannot tell reports {@link #changed} only.
     */
    default void writing(RelPath path) {
        changed(path);
    }

    /** A file's writer closed it ({@code IN_CLOSE_WRITE}), or it is gone: it is complete. */
    default void closed(RelPath path) {
        changed(path);
    }

    /**
     * Part of the sync set cannot be watched (for instance {@code fs.inotify.max_user_watches} is
     * reached) and is rescanned periodically instead; {@code alarm} says what and what to do, null
     * when everything is watched again.
     */
    default void degraded(String alarm) {
    }

    /** This sink, with {@link #degraded} alarms handed to {@code alarms} instead. */
    default ChangeSink alarmsTo(java.util.function.Consumer<String> alarms) {
        ChangeSink target = this;
        return new ChangeSink() {
            @Override
            public void changed(RelPath path) {
                target.changed(path);
            }

            @Override
            public void lost(String why) {
                target.lost(why);
            }

            @Override
            public void writing(RelPath path) {
                target.writing(path);
            }

            @Override
            public void closed(RelPath path) {
                target.closed(path);
            }

            @Override
            public void degraded(String alarm) {
                alarms.accept(alarm);
            }
        };
    }
}
