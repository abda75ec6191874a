package io.confsync.service;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the memory of a burst (an initial sync, a large batch, a full rescan) back to the system
 * once the daemon is quiet again. The serial collector shrinks the heap only in a full collection,
 * and damps the shrinking over consecutive ones (nothing in the first, all of it by the fourth),
 * so a daemon that received a 62 MB initial sync kept 42 MB of heap committed for good; after
 * {@link #COLLECTIONS} full collections it held 16 (RSS 116 to 92 MB, docs/BENCHMARKS.md). The
 * JDK's periodic collection ({@code G1PeriodicGCInterval}) does this for G1 only.
 *
 * <p>A daemon thread looks every {@link #EVERY}: a check that finds collections since the previous
 * one marks activity; the first check after that finds none (a whole period without a collection:
 * quiet) trims, if the heap holds more than {@link #FLOOR} and the last trim is at least
 * {@link #SPACING} ago. An idle daemon collects nothing, so it trims once and then not again.
 */
final class HeapTrim {

    static final Duration EVERY = Duration.ofSeconds(30);
    static final Duration SPACING = Duration.ofMinutes(5);
    static final long FLOOR = 24L << 20;
    static final int COLLECTIONS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(HeapTrim.class);

    private long collections = -1;
    private boolean active;
    private long lastTrim = Long.MIN_VALUE;

    /**
     * One check: whether to trim now.
     *
     * @param now         monotonic time, nanoseconds
     * @param collections collections so far, of every collector
     * @param committed   heap committed, bytes
     */
    boolean due(long now, long collections, long committed) {
        boolean collected = this.collections >= 0 && collections != this.collections;
        this.collections = collections;
        if (collected) {
            active = true;
            return false;
        }
        if (!active || committed <= FLOOR || lastTrim != Long.MIN_VALUE && now - lastTrim < SPACING.toNanos()) {
            return false;
        }
        active = false;
        lastTrim = now;
        return true;
    }

    /** The trim's own collections are not activity. */
    void trimmed(long collections) {
        this.collections = collections;
    }

    /** Starts the checks on a daemon thread, for as long as the JVM runs. */
    static void start() {
        Thread t = new Thread(() -> new HeapTrim().loop(), "confsync-heap-trim");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private void loop() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long committed = memory.getHeapMemoryUsage().getCommitted();
                if (due(System.nanoTime(), count(collectors), committed)) {
                    for (int i = 0; i < COLLECTIONS; i++) {
                        System.gc(); // NOPMD: the point of this class
                    }
                    trimmed(count(collectors));
                    LOG.debug("quiet after a burst: heap {} MiB committed, now {} MiB", committed >> 20,
                            memory.getHeapMemoryUsage().getCommitted() >> 20);
                }
                Thread.sleep(EVERY.toMillis());
            }
        } catch (InterruptedException e) {
            // the JVM is ending
        }
    }

    private static long count(List<GarbageCollectorMXBean> collectors) {
        long n = 0;
        for (GarbageCollectorMXBean c : collectors) {
            n += Math.max(0, c.getCollectionCount());
        }
        return n;
    }
}
