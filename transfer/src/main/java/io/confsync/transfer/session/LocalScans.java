package io.confsync.transfer.session;

import io.confsync.manifest.HashCache;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receiver's scans of its own sync set: the hash cache (loaded on first use), the live manifest
 * of a long-lived receiver ({@link LiveScan}), and how many files all of them visited and read.
 * Thread-safe.
 */
final class LocalScans {

    private static final Logger LOG = LoggerFactory.getLogger(LocalScans.class);

    private final ReceiverSettings settings;
    private final Clock clock;
    /** Loaded at the first scan: a target that does not exist yet needs none. */
    private HashCache cache;
    /** The manifest kept by the watcher for read-only sessions; null unless {@link #keepLive()}. */
    private volatile LiveScan live;
    private final AtomicLong filesHashed = new AtomicLong();

    LocalScans(ReceiverSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Read-only sessions are answered from the live manifest from now on (needs a watcher factory). */
    void keepLive() {
        if (settings.local() != null) {
            live = new LiveScan(settings);
        }
    }

    /** Stops the live manifest's watcher; later answers are full scans. */
    void close() throws IOException {
        LiveScan l = live;
        if (l != null) {
            l.close();
        }
    }

    /** A full scan; a base directory that does not exist yet holds nothing. */
    ScanResult full() throws IOException {
        return counted(Files.isDirectory(settings.base())
                ? scanner().scan(settings.base(), settings.rules()) : ScanResult.empty());
    }

    /** A read-only session's manifest: from the live manifest when this receiver keeps one. */
    ScanResult readOnly() throws IOException {
        return fromLive(false);
    }

    /**
     * The sync set as it is now, every change made before the call included (what a push session
     * is told): from the live manifest once its watcher has caught up, else a full scan.
     */
    ScanResult exact() throws IOException {
        return fromLive(true);
    }

    private ScanResult fromLive(boolean exact) throws IOException {
        LiveScan l = live;
        if (l == null || !Files.isDirectory(settings.base())) {
            return full();
        }
        long before = cache().lookups();
        ScanResult r = counted(exact ? l.exact(scanner()) : l.current(scanner()));
        LOG.debug("{} manifest from the live scan: {} entries, {} files visited, {} hashed",
                exact ? "exact" : "read-only", r.manifest().size(), cache().lookups() - before, r.filesHashed());
        return r;
    }

    /** {@code previous} with the paths at or under {@code dirty} scanned again; all of it when null. */
    ScanResult again(ScanResult previous, Collection<RelPath> dirty) throws IOException {
        return counted(dirty == null ? scanner().scan(settings.base(), settings.rules())
                : scanner().rescan(settings.base(), settings.rules(), previous, dirty));
    }

    /** What a batch may have touched, committed or rolled back: the live manifest looks at it again. */
    void touched(Plan plan) {
        LiveScan l = live;
        if (l != null) {
            l.touched(plan.actions().stream().map(Action::path).toList());
        }
    }

    long filesHashed() {
        return filesHashed.get();
    }

    long filesVisited() {
        HashCache c = loaded();
        return c == null ? 0 : c.lookups();
    }

    /** Saves the hash cache if a scan loaded it. */
    void persist() {
        HashCache c = loaded();
        if (c != null) {
            c.persist();
        }
    }

    private Scanner scanner() {
        return new Scanner(cache(), clock);
    }

    /** The hash cache, loaded on first use: 5,000 entries cost 0.1-0.2 s of a cold start. */
    private synchronized HashCache cache() {
        if (cache == null) {
            cache = HashCache.open(settings.stateDir());
        }
        return cache;
    }

    private synchronized HashCache loaded() {
        return cache;
    }

    private ScanResult counted(ScanResult r) {
        filesHashed.addAndGet(r.filesHashed());
        return r;
    }
}
