package io.confsync.transfer.session;

import io.confsync.manifest.RelPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The watcher of a receiver's own roots for one session. It starts at the first drift query and
 * starts again whenever a root appeared or vanished (a standby's roots often do not exist before
 * its first batch); every (re)start compares everything once, so nothing in between is missed.
 */
final class LocalWatch implements AutoCloseable {

    private final ReceiverSettings settings;
    private final DriftTracker drift;
    private LocalChanges watcher;
    private Set<RelPath> watched = Set.of();

    LocalWatch(ReceiverSettings settings, DriftTracker drift) {
        this.settings = settings;
        this.drift = drift;
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
        watcher.start(drift::touched, drift::lost);
        watched = present;
        drift.lost();
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }
}
