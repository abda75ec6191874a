package io.confsync.watcher;

import io.confsync.manifest.RelPath;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Coalesces change events: a batch is ready once no event arrived for the settle window, or once
 * the oldest pending event is {@code maxDelay} old, so that a file written continuously still goes
 * out. Time comes from an injected nanosecond clock, so tests use fake time. Thread-safe.
 */
public final class Settler implements ChangeSink {

    /**
     * Default settle window: the events of one save (open, write, close; or an editor's write to a
     * temporary name and rename) arrive within microseconds of each other, and a burst keeps the
     * window open up to the maximum delay. 5 ms rather than 10: the window is paid on every change
     * (measured: propagation p50 minus the same amount).
     */
    public static final Duration DEFAULT_SETTLE = Duration.ofMillis(5);
    /** Default upper bound on how long a change may wait. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);
    /** Pending paths beyond this many turn into one rescan of everything. */
    public static final int MAX_PENDING = 10_000;

    private final LongSupplier nanoTime;
    private final long settle;
    private final long maxDelay;
    private final Set<RelPath> dirty = new HashSet<>();
    private boolean rescanAll;
    private long first = -1;
    private long last = -1;

    /**
     * @param nanoTime  monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     * @param settle    quiet time before a batch is ready
     * @param maxDelay  longest a change waits
     */
    public Settler(LongSupplier nanoTime, Duration settle, Duration maxDelay) {
        this.nanoTime = nanoTime;
        this.settle = settle.toNanos();
        this.maxDelay = maxDelay.toNanos();
    }

    @Override
    public synchronized void changed(RelPath path) {
        if (dirty.size() < MAX_PENDING) {
            dirty.add(path);
        } else {
            rescanAll = true;
        }
        touch();
    }

    @Override
    public synchronized void lost(String why) {
        rescanAll = true;
        touch();
    }

    private void touch() {
        long now = nanoTime.getAsLong();
        if (first < 0) {
            first = now;
        }
        last = now;
        notifyAll();
    }

    /** Number of paths waiting. */
    public synchronized int pending() {
        return dirty.size();
    }

    /** The batch, if one is ready now; it is then removed. */
    public synchronized Optional<ChangeBatch> poll() {
        if (first < 0) {
            return Optional.empty();
        }
        long now = nanoTime.getAsLong();
        if (now - last < settle && now - first < maxDelay) {
            return Optional.empty();
        }
        ChangeBatch b = new ChangeBatch(dirty, rescanAll);
        dirty.clear();
        rescanAll = false;
        first = -1;
        last = -1;
        return Optional.of(b);
    }

    /** Nanoseconds until a batch may be ready; -1 when nothing is pending. */
    public synchronized long nanosUntilReady() {
        if (first < 0) {
            return -1;
        }
        long now = nanoTime.getAsLong();
        return Math.max(0, Math.min(last + settle, first + maxDelay) - now);
    }

    /**
     * Waits (real time) until a batch is ready or {@code timeoutNanos} pass, then polls.
     *
     * @throws InterruptedException if interrupted
     */
    public synchronized Optional<ChangeBatch> await(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            Optional<ChangeBatch> b = poll();
            long left = deadline - System.nanoTime();
            if (b.isPresent() || left <= 0) {
                return b;
            }
            long until = nanosUntilReady();
            long wait = until < 0 ? left : Math.min(left, Math.max(until, 100_000));
            wait(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
