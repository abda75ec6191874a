package io.confsync.watcher;

import io.confsync.manifest.RelPath;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * Coalesces change events into batches. The rule: a batch holds every change whose events came
 * less than the settle window apart (the longest window of the paths pending: entries may set
 * their own), and it is ready once that much time passed without an event and no file is still
 * open for writing (modified, not yet closed). So a cert and its key written a few milliseconds
 * apart land together, and a file written in slow chunks lands once, whole. Two bounds keep a
 * change from waiting for ever: {@code maxDelay} for a stream of events (a file rewritten
 * continuously still goes out), {@code maxWriteWait} while a file stays open. Time comes from an
 * injected nanosecond clock, so tests use fake time. Thread-safe.
 */
public final class Settler implements ChangeSink {

    /**
     * Default settle window: the events of one save (open, write, close; or an editor's write to a
     * temporary name and rename) arrive within microseconds of each other; 20 ms also covers a
     * script that writes a certificate and then its key (measured: 1-3 ms between two cp), with a
     * margin for a loaded machine. Every change pays it once.
     */
    public static final Duration DEFAULT_SETTLE = Duration.ofMillis(20);
    /** Default upper bound on how long a change may wait in a stream of events. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(1);
    /** Default upper bound on how long changes wait for a file still open for writing. */
    public static final Duration DEFAULT_MAX_WRITE_WAIT = Duration.ofSeconds(10);
    /** Pending paths beyond this many turn into one rescan of everything. */
    public static final int MAX_PENDING = 10_000;

    private final LongSupplier nanoTime;
    private final long maxDelay;
    private final long maxWriteWait;
    private final ToLongFunction<RelPath> settleOf;
    private final Set<RelPath> dirty = new HashSet<>();
    private final Set<RelPath> open = new HashSet<>();
    private boolean rescanAll;
    private long settle;
    private long first = -1;
    private long last = -1;

    /**
     * With one settle window for every path.
     *
     * @param nanoTime monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     * @param settle   quiet time before a batch is ready
     * @param maxDelay longest a change waits in a stream of events
     */
    public Settler(LongSupplier nanoTime, Duration settle, Duration maxDelay) {
        this(nanoTime, p -> settle.toNanos(), maxDelay, DEFAULT_MAX_WRITE_WAIT);
    }

    /**
     * @param nanoTime     monotonic clock in nanoseconds
     * @param settleOf     the settle window of a path, in nanoseconds (its sync entry's, or the
     *                     default; asked for {@link RelPath#ROOT} when events were lost)
     * @param maxDelay     longest a change waits in a stream of events
     * @param maxWriteWait longest changes wait for a file that is still open for writing
     */
    public Settler(LongSupplier nanoTime, ToLongFunction<RelPath> settleOf, Duration maxDelay, Duration maxWriteWait) {
        this.nanoTime = nanoTime;
        this.settleOf = settleOf;
        this.maxDelay = maxDelay.toNanos();
        this.maxWriteWait = maxWriteWait.toNanos();
    }

    @Override
    public synchronized void changed(RelPath path) {
        if (dirty.size() < MAX_PENDING) {
            dirty.add(path);
        } else {
            rescanAll = true;
        }
        settle = Math.max(settle, settleOf.applyAsLong(path));
        touch();
    }

    @Override
    public synchronized void writing(RelPath path) {
        open.add(path);
        changed(path);
    }

    @Override
    public synchronized void closed(RelPath path) {
        open.remove(path);
        changed(path);
    }

    @Override
    public synchronized void lost(String why) {
        rescanAll = true;
        settle = Math.max(settle, settleOf.applyAsLong(RelPath.ROOT));
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
        if (first < 0 || nanoTime.getAsLong() < readyAt()) {
            return Optional.empty();
        }
        ChangeBatch b = new ChangeBatch(dirty, rescanAll);
        dirty.clear();
        // A file still open when the bound released the batch goes on being watched: its next
        // write opens it again. Forgetting it here keeps a writer that died from holding every
        // later batch back.
        open.clear();
        rescanAll = false;
        settle = 0;
        first = -1;
        last = -1;
        return Optional.of(b);
    }

    /** When the pending batch is ready, by the clock; only while something is pending. */
    private long readyAt() {
        long bound = first + (open.isEmpty() ? maxDelay : Math.max(maxDelay, maxWriteWait));
        return open.isEmpty() ? Math.min(last + settle, bound) : bound;
    }

    /** Nanoseconds until a batch may be ready; -1 when nothing is pending. */
    public synchronized long nanosUntilReady() {
        if (first < 0) {
            return -1;
        }
        return Math.max(0, readyAt() - nanoTime.getAsLong());
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
