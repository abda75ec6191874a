package io.confsync.service;

import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.session.LocalChanges;
import io.confsync.watcher.ChangeSink;
import io.confsync.watcher.ChangeSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The file watcher as a receiver's drift detector. */
public final class WatcherChanges implements LocalChanges {

    private final ChangeSource source;

    public WatcherChanges(Path base, PathRules rules) {
        this.source = ChangeSource.forBase(base, rules);
    }

    @Override
    public void start(Consumer<RelPath> changed, Runnable lost) throws IOException {
        source.start(new ChangeSink() {
            @Override
            public void changed(RelPath path) {
                changed.accept(path);
            }

            @Override
            public void lost(String why) {
                lost.run();
            }
        });
    }

    @Override
    public boolean catchUp(long timeoutMillis) {
        return source.catchUp(timeoutMillis);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
