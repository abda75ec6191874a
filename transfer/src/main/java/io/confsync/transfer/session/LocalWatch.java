package io.confsync.transfer.session;

import io.confsync.manifest.RelPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The file watcher of a receiver's own roots. It starts when first asked and starts again
 * whenever a root appeared or vanished (a standby's roots often do not exist before its first
 * batch); every (re)start reports the events as lost, so that the owner compares everything once
 * and nothing in between is missed. Used for a session's drift and for a long-lived receiver's
 * live manifest ({@link LiveScan}).
 */
final class LocalWatch implements AutoCloseable {

    private final ReceiverSettings settings;
    private final Consumer<RelPath> changed;
    private final Runnable lost;
    private LocalChanges watcher;
    private Set<RelPath> watched = Set.of();

    LocalWatch(ReceiverSettings settings, Consumer<RelPath> changed, Runnable lost) {
        this.settings = settings;
        this.changed = changed;
        this.lost = lost;
    }

    /** A session's drift watcher. */
    LocalWatch(ReceiverSettings settings, DriftTracker drift) {
        this(settings, drift::touched, drift::lost);
    }

    /** Starts or restarts the watcher if needed; does nothing without a watcher factory. */
    void ensure() throws IOException {
        if (settings.local() == null) {
            return;
        }
        Set<RelPath> present = new HashSet<>();
        for (var r : settings.rules().roots()) {
            if (Files.exists(r.path().resolveIn(settings.base()), LinkOption.NOFOLLOW_LINKS)) {
                present.add(r.path());
            }
        }
        if (watcher != null && present.equals(watched)) {
            return;
        }
        close();
        watcher = settings.local().get();
        watcher.start(changed, lost);
        watched = present;
        lost.run();
    }

    /** True once every change made before the call has been reported; false if the watcher cannot tell. */
    boolean catchUp(long timeoutMillis) {
        LocalChanges w = watcher;
        return w != null && w.catchUp(timeoutMillis);
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
