package io.confsync.watcher;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.confsync.manifest.Libc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Linux's inotify(7) through JNA, with the events the JDK's WatchService never asks for
 * ({@code IN_CLOSE_WRITE}: a file written through mmap produces nothing else; {@code IN_ATTRIB}),
 * and an eventfd to wake the reader (closing, or a caller waiting to catch up). Not thread-safe:
 * one reader thread uses it; {@link #wake()} may be called from any thread.
 */
final class Inotify implements AutoCloseable {

    static final int IN_MODIFY = 0x2;
    static final int IN_ATTRIB = 0x4;
    static final int IN_CLOSE_WRITE = 0x8;
    static final int IN_MOVED_FROM = 0x40;
    static final int IN_MOVED_TO = 0x80;
    static final int IN_CREATE = 0x100;
    static final int IN_DELETE = 0x200;
    static final int IN_DELETE_SELF = 0x400;
    static final int IN_MOVE_SELF = 0x800;
    static final int IN_UNMOUNT = 0x2000;
    static final int IN_Q_OVERFLOW = 0x4000;
    static final int IN_IGNORED = 0x8000;
    static final int IN_ISDIR = 0x40000000;
    private static final int IN_ONLYDIR = 0x01000000;
    private static final int IN_DONT_FOLLOW = 0x02000000;
    private static final int IN_EXCL_UNLINK = 0x04000000;
    /** What every watched directory reports. */
    private static final int MASK = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE
            | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;
    private static final int IN_NONBLOCK = 04000;
    private static final int IN_CLOEXEC = 02000000;
    private static final short POLLIN = 1;
    static final int ENOSPC = 28;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;

    /** The libc calls needed; a pollfd is two ints here: fd, then events | revents << 16 (little-endian). */
    interface LibC extends Library {
        int inotify_init1(int flags);

        int inotify_add_watch(int fd, byte[] path, int mask);

        int inotify_rm_watch(int fd, int wd);

        long read(int fd, byte[] buf, long count);

        long write(int fd, byte[] buf, long count);

        int poll(int[] fds, long nfds, int timeout);

        int eventfd(int initval, int flags);

        int close(int fd);
    }

    private static final LibC LIBC = Libc.load(LibC.class);

    private final int fd;
    private final int wakeFd;
    private final byte[] buffer = new byte[64 * 1024];
    private volatile boolean closed;

    /** True if inotify can be used here (Linux, libc through JNA). */
    static boolean available() {
        return LIBC != null;
    }

    /**
     * Opens an inotify instance.
     *
     * @throws IOException if the kernel refuses (fs.inotify.max_user_instances reached)
     */
    Inotify() throws IOException {
        fd = LIBC.inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (fd < 0) {
            throw new IOException("inotify_init1 failed (errno " + Native.getLastError()
                    + "; fs.inotify.max_user_instances reached?)");
        }
        wakeFd = LIBC.eventfd(0, IN_NONBLOCK | IN_CLOEXEC);
        if (wakeFd < 0) {
            LIBC.close(fd);
            throw new IOException("eventfd failed (errno " + Native.getLastError() + ")");
        }
    }

    /**
     * Watches a directory (never through a symlink at its last component).
     *
     * @return the watch descriptor, or minus the errno ({@code -ENOSPC}: the watch limit is reached)
     */
    int watch(Path dir) {
        int wd = LIBC.inotify_add_watch(fd, (dir.toAbsolutePath() + "\0").getBytes(StandardCharsets.UTF_8), MASK);
        return wd >= 0 ? wd : -Native.getLastError();
    }

    /** Stops a watch; the kernel then queues {@code IN_IGNORED} for it. */
    void unwatch(int wd) {
        LIBC.inotify_rm_watch(fd, wd);
    }

    /**
     * One event.
     *
     * @param wd   the watch it came from; -1 for a queue overflow
     * @param mask what happened
     * @param name the entry's name in the watched directory, null for the directory itself, and
     *             null with {@code undecodable} for a name that is not valid UTF-8
     */
    record Event(int wd, int mask, String name, boolean undecodable) {
        boolean is(int bits) {
            return (mask & bits) != 0;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (-1: until woken) for events and hands each to {@code sink}.
     *
     * @return false once closed
     * @throws IOException if poll or read fails for another reason than an interruption
     */
    boolean await(int timeoutMillis, Consumer<Event> sink) throws IOException {
        int[] fds = {fd, POLLIN, wakeFd, POLLIN};
        int n = LIBC.poll(fds, 2, timeoutMillis);
        if (closed) {
            return false;
        }
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == EINTR) {
                return true;
            }
            throw new IOException("poll on inotify failed (errno " + errno + ")");
        }
        if ((fds[3] >>> 16) != 0) {
            LIBC.read(wakeFd, new byte[8], 8); // resets the eventfd: woken once per wake()
        }
        if ((fds[1] >>> 16) != 0) {
            drain(sink);
        }
        return !closed;
    }

    private void drain(Consumer<Event> sink) throws IOException {
        while (true) {
            long got = LIBC.read(fd, buffer, buffer.length);
            if (got < 0) {
                int errno = Native.getLastError();
                if (errno == EAGAIN || errno == EINTR) {
                    return;
                }
                throw new IOException("read from inotify failed (errno " + errno + ")");
            }
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, (int) got).order(ByteOrder.nativeOrder());
            while (b.remaining() >= 16) {
                int wd = b.getInt();
                int mask = b.getInt();
                b.getInt(); // cookie: a rename's two halves are handled on their own
                int len = b.getInt();
                byte[] raw = new byte[len];
                b.get(raw);
                int end = 0;
                while (end < len && raw[end] != 0) {
                    end++;
                }
                String name = null;
                boolean bad = false;
                if (end > 0) {
                    try {
                        name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw, 0, end))
                                .toString();
                    } catch (CharacterCodingException e) {
                        bad = true; // not valid UTF-8: the scanner reports it; nothing to watch or send
                    }
                }
                sink.accept(new Event(wd, mask, name, bad));
            }
        }
    }

    /** Wakes the reader from another thread: its {@link #await} returns, having read what was queued. */
    void wake() {
        LIBC.write(wakeFd, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, 8);
    }

    /** Marks closed and wakes the reader; {@link #release()} frees the descriptors afterwards. */
    @Override
    public void close() {
        closed = true;
        wake();
    }

    /** Frees the descriptors: call once the reader thread has ended. */
    void release() {
        LIBC.close(fd);
        LIBC.close(wakeFd);
    }
}
