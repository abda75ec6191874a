package io.confsync.service;

import io.confsync.cluster.SourceClaim;
import io.confsync.conf.ClusterState;
import io.confsync.conf.StateException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live source's change-set number in the cluster state off the propagation path: the
 * service publishes a change at once and this writes the newest number behind it (atomic replace
 * and fsync on one thread), {@link #DELAY_MS} ms after the first change it has not written yet, so that
 * a burst of changes costs one write and the write does not compete with the standbys' fsyncs
 * for the journal while the change is on its way. After a crash the durable number can lag by
 * the changes of that last moment; the service starts with a durable bump, and every standby
 * records the number it holds durably, so promote still compares real positions. Measured: the
 * synchronous write cost 2 fsyncs per change on the path, up to tens of ms on a busy disk.
 */
public final class SeqWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SeqWriter.class);

    private final SourceClaim claim;
    private final Runnable notSource;
    private final AtomicLong latest = new AtomicLong(-1);
    /** How long a new number waits before it is written; changes within it share one write. */
    static final long DELAY_MS = 50;

    /** Whether a write is scheduled and has not yet read {@link #latest}. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "seq-writer");
        t.setDaemon(true);
        return t;
    });

    public SeqWriter(SourceClaim claim, Runnable notSource) {
        this.claim = claim;
        this.notSource = notSource;
    }

    /** Asks for {@code seq} to be kept; returns at once. */
    public void record(long seq) {
        if (latest.getAndAccumulate(seq, Math::max) < seq && scheduled.compareAndSet(false, true)) {
            thread.schedule(this::write, DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    private void write() {
        scheduled.set(false);
        long seq = latest.get();
        try {
            ClusterState s = claim.record(seq);
            if (s == null) {
                notSource.run();
            }
        } catch (StateException e) {
            LOG.error("cannot keep change set {}: {}", seq, e.getMessage());
            notSource.run();
        }
    }

    /** Writes what is pending, then stops. */
    @Override
    public void close() {
        thread.shutdown(); // delayed writes still run: the default policy of a scheduled executor
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("the cluster state was not written within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
