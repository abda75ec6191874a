package io.confsync.transfer.session;

import io.confsync.manifest.RelPath;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.HashSet;
import java.util.Set;

/**
 * A long-lived receiver's own manifest, kept current by the file watcher, so that a read-only
 * session (audit, status --live, promote's survey) is answered without walking the sync set: only
 * the paths the watcher saw change since the last answer are looked at again (with the hash cache).
 * The first answer, an answer after the watcher lost events, and one after a root appeared or
 * vanished are full scans. As fresh as the watcher's events: a change made a few milliseconds
 * before the question may be answered a moment later. Thread-safe.
 */
final class LiveScan implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LiveScan.class);

    private final ReceiverSettings settings;
    private final Set<RelPath> dirty = new HashSet<>();
    private boolean lost = true;
    private boolean closed;
    private LocalChanges watcher;
    private Set<RelPath> watchedRoots = Set.of();
    private ScanResult current;

    LiveScan(ReceiverSettings settings) {
        this.settings = settings;
    }

    /** The manifest now: the last one with what changed since looked at again. */
    synchronized ScanResult current(Scanner scanner) throws IOException {
        if (closed || settings.local() == null) {
            return scanner.scan(settings.base(), settings.rules());
        }
        watch();
        if (lost || current == null) {
            dirty.clear();
            lost = false;
            current = scanner.scan(settings.base(), settings.rules());
        } else if (!dirty.isEmpty()) {
            Set<RelPath> paths = Set.copyOf(dirty);
            dirty.clear();
            LOG.debug("live scan: looking again at {}", paths.size() <= 5 ? paths : paths.size() + " paths");
            current = scanner.rescan(settings.base(), settings.rules(), current, paths);
        } else {
            current = ScanResult.unchanged(current);
        }
        dirty.addAll(current.held()); // what could not be read this time is looked at again next time
        return current;
    }

    /** Paths this receiver itself changed (a committed batch): looked at again next time. */
    synchronized void touched(Iterable<RelPath> paths) {
        paths.forEach(dirty::add);
    }

    private synchronized void changed(RelPath path) {
        dirty.add(path);
    }

    private synchronized void lost() {
        lost = true;
    }

    /** Starts the watcher, or starts it again when a root appeared or vanished (then scans in full). */
    private void watch() throws IOException {
        Set<RelPath> present = new HashSet<>();
        for (var r : settings.rules().roots()) {
            if (Files.exists(r.path().resolveIn(settings.base()), LinkOption.NOFOLLOW_LINKS)) {
                present.add(r.path());
            }
        }
        if (watcher != null && present.equals(watchedRoots)) {
            return;
        }
        stop();
        watcher = settings.local().get();
        watcher.start(this::changed, this::lost);
        watchedRoots = present;
        lost = true;
    }

    private void stop() throws IOException {
        if (watcher != null) {
            watcher.close();
            watcher = null;
        }
    }

    /** Stops watching; later answers are full scans. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        stop();
    }
}
