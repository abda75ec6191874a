package io.confsync.service;

import io.confsync.manifest.RelPath;
import io.confsync.manifest.ScanResult;
import java.util.Set;

/**
 * The newest scan of the source, versioned, for the standby workers to catch up with. Thread-safe.
 */
public final class Snapshots {

    /**
     * One published scan.
     *
     * @param version   increases with every publish
     * @param scan      the source's state
     * @param reconcile ask standbys for their manifests again before planning (periodic safety net)
     * @param nanos     {@link System#nanoTime()} of the oldest change this scan includes
     * @param dirty     the paths that changed since the previous snapshot, or null when everything
     *                  was rescanned
     * @param seq       the source's change set number in its epoch (durable; see {@code ClusterState})
     */
    public record Snapshot(long version, ScanResult scan, boolean reconcile, long nanos, Set<RelPath> dirty, long seq) {
    }

    private Snapshot current;
    private boolean closed;

    public synchronized void publish(ScanResult scan, boolean reconcile, long changeNanos, Set<RelPath> dirty, long seq) {
        long v = current == null ? 1 : current.version() + 1;
        current = new Snapshot(v, scan, reconcile, changeNanos, dirty, seq);
        notifyAll();
    }

    public synchronized Snapshot current() {
        return current;
    }

    /** The newest snapshot if newer than {@code seen}, waiting up to {@code millis}; null otherwise. */
    public synchronized Snapshot awaitNewer(long seen, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!closed && (current == null || current.version() <= seen)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return closed || current == null || current.version() <= seen ? null : current;
    }

    /** Waits up to {@code millis} for {@link #close()}; true if closed. */
    public synchronized boolean awaitClosed(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (long left = millis; !closed && left > 0; left = deadline - System.currentTimeMillis()) {
            wait(left);
        }
        return closed;
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    public synchronized boolean closed() {
        return closed;
    }
}
