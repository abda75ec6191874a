package io.confsync.transfer.session;

import io.confsync.manifest.RelPath;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import java.io.IOException;
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
    /** Filled by the watcher's thread, which never waits for a scan in progress. */
    private final Set<RelPath> dirty = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean lost = true;
    private boolean closed;
    private final LocalWatch watch;
    private ScanResult current;
    private long lastFull;
    /** How long an exact answer waits for the watcher to catch up before it scans everything. */
    private static final long CATCH_UP_MS = 1_000;
    /** The longest an exact answer goes without a full scan. */
    private static final long FULL_EVERY_NANOS = 10L * 60 * 1_000_000_000;

    LiveScan(ReceiverSettings settings) {
        this.settings = settings;
        this.watch = new LocalWatch(settings, this::changed, this::lost);
    }

    /**
     * The manifest now, every change made before the call included: {@link #current} once the
     * watcher has caught up with its events, a full scan when it cannot tell (no inotify, a
     * directory left unwatched by the watch limit, no answer within a second), and a full scan at
     * least every {@link #FULL_EVERY_NANOS}: a file changed through a hard link from outside the
     * sync set reaches no watcher.
     */
    synchronized ScanResult exact(Scanner scanner) throws IOException {
        if (!closed && settings.local() != null) {
            watch.ensure();
            if (!watch.catchUp(CATCH_UP_MS) || System.nanoTime() - lastFull > FULL_EVERY_NANOS) {
                lost = true;
            }
        }
        return current(scanner);
    }

    /** The manifest now: the last one with what changed since looked at again. */
    synchronized ScanResult current(Scanner scanner) throws IOException {
        if (closed || settings.local() == null) {
            return scanner.scan(settings.base(), settings.rules());
        }
        watch.ensure(); // a (re)start reports lost events: a full scan
        if (lost || current == null) {
            lost = false; // before the scan: events during it are looked at again next time
            dirty.clear();
            lastFull = System.nanoTime();
            current = scanner.scan(settings.base(), settings.rules());
        } else if (!dirty.isEmpty()) {
            Set<RelPath> paths = Set.copyOf(dirty);
            dirty.removeAll(paths);
            LOG.debug("live scan: looking again at {}", paths.size() <= 5 ? paths : paths.size() + " paths");
            current = scanner.rescan(settings.base(), settings.rules(), current, paths);
        } else {
            current = ScanResult.unchanged(current);
        }
        dirty.addAll(current.held()); // what could not be read this time is looked at again next time
        return current;
    }

    /** Paths this receiver itself changed (a committed batch): looked at again next time. */
    void touched(Iterable<RelPath> paths) {
        paths.forEach(dirty::add);
    }

    private void changed(RelPath path) {
        dirty.add(path);
    }

    private void lost() {
        lost = true;
    }

    /** Stops watching; later answers are full scans. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        watch.close();
    }
}
