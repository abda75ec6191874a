package io.confsync.transfer.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream whose reads can be bounded in time, whatever the transport: a pump thread reads the
 * peer's stream (a pipe from sshd, an SSH channel, a Unix socket) into a small queue, and reads
 * wait on the queue with the bounds in force. Closing a pipe does not wake a thread blocked reading
 * it, so a bound on the read itself is the only one that holds for every transport. At most
 * {@link #CHUNKS} chunks of {@link #CHUNK} bytes wait in memory. Not thread-safe on the reading side.
 */
public final class TimedInput extends InputStream {

    /** Bytes the pump reads at once. */
    static final int CHUNK = 64 * 1024;
    /** Chunks the queue holds before the pump waits (back-pressure on the peer). */
    static final int CHUNKS = 32;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread pump;
    private volatile IOException failure;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;
    /** Bound per read without a byte, in nanoseconds; 0: none. */
    private long idleNanos;
    /** Absolute {@link System#nanoTime()} deadline; 0: none. */
    private long deadline;
    private String what = "";

    /** Starts pumping {@code in} on a daemon thread. */
    public TimedInput(InputStream in) {
        pump = new Thread(() -> pump(in), "confsync-input");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump(InputStream in) {
        try {
            while (true) {
                byte[] buf = new byte[CHUNK];
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                byte[] chunk = n == buf.length ? buf : java.util.Arrays.copyOf(buf, n);
                queue.put(chunk);
            }
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Bounds the reads from now on: none may wait longer than {@code idleNanos} for a byte, and
     * none may end after {@code totalNanos} from now. 0 means no bound; {@link #unbounded()} lifts both.
     *
     * @param what what the bounds are for, for the message (e.g. "batch 7")
     */
    public void bound(long idleNanos, long totalNanos, String what) {
        this.idleNanos = idleNanos;
        this.deadline = totalNanos > 0 ? System.nanoTime() + totalNanos : 0;
        this.what = what;
    }

    /** Lifts the bounds. */
    public void unbounded() {
        idleNanos = 0;
        deadline = 0;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - pos;
    }

    /** Makes bytes available; false at the end of the stream. */
    private boolean fill() throws IOException {
        while (pos >= current.length) {
            if (ended) {
                return false;
            }
            byte[] next = take();
            if (next == END) {
                ended = true;
                if (failure != null) {
                    throw failure;
                }
                return false;
            }
            current = next;
            pos = 0;
        }
        return true;
    }

    private byte[] take() throws IOException {
        try {
            if (idleNanos == 0 && deadline == 0) {
                return queue.take();
            }
            long now = System.nanoTime();
            if (deadline != 0 && now - deadline >= 0) {
                throw new ProtocolException(what + " did not end within its time bound (limits.batch-time)");
            }
            long wait = idleNanos > 0 ? idleNanos : Long.MAX_VALUE;
            if (deadline != 0) {
                wait = Math.min(wait, deadline - now);
            }
            byte[] next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                boolean total = deadline != 0 && System.nanoTime() - deadline >= 0;
                throw new ProtocolException(total ? what + " did not end within its time bound (limits.batch-time)"
                        : "no data from the sender for " + TimeUnit.NANOSECONDS.toSeconds(idleNanos) + " s during "
                        + what + " (limits.batch-idle): the link is dead or the sender stalled");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading from the sender");
        }
    }

    @Override
    public void close() {
        pump.interrupt(); // a pump blocked on the queue ends; one blocked reading ends with its stream
    }
}
