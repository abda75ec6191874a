package io.confsync.transfer.apply;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.confsync.manifest.Libc;
import io.confsync.manifest.RelPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The confined {@link Locator} of Linux: each directory of a batch is opened once, with
 * {@code openat(parent, name, O_PATH | O_DIRECTORY | O_NOFOLLOW)} from the base down, and an entry
 * is then named as {@code /proc/self/fd/DIR/NAME}. The kernel resolves {@code /proc/self/fd/DIR} to
 * the very directory that was opened, wherever it is now, and looks {@code NAME} up in it; so every
 * JDK call on such a path (create, write, rename, chmod, lchown, unlink, link) is confined without a
 * JNI call of its own. Only the base itself is opened by its configured path.
 */
final class DescriptorLocator implements Locator {

    private static final boolean ARM = Libc.arm();
    private static final int O_PATH = 010000000;
    private static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    private static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int ENOENT = 2;
    private static final int ENOTDIR = 20;
    private static final int ELOOP = 40;
    private static final Path PROC_FD = Path.of("/proc/self/fd");

    /** The libc calls needed. */
    interface LibC extends Library {
        int open(byte[] path, int flags);

        int openat(int dirfd, byte[] name, int flags);

        int close(int fd);
    }

    private static final LibC LIBC = load();

    private final Path base;
    /** Opened on first use: a batch may create the base itself (a local mirror to a new directory). */
    private int baseFd = -1;
    private final Map<RelPath, Integer> pinned = new ConcurrentHashMap<>();

    private static LibC load() {
        return Files.isDirectory(PROC_FD) ? Libc.load(LibC.class) : null;
    }

    /** True if this host can pin directories (Linux on amd64 or aarch64, libc through JNA, /proc). */
    static boolean available() {
        return LIBC != null;
    }

    DescriptorLocator(Path base) {
        this.base = base.toAbsolutePath();
    }

    private synchronized int baseFd() throws IOException {
        if (baseFd < 0) {
            int fd = LIBC.open(bytes(base.toString()), O_PATH | O_DIRECTORY | O_CLOEXEC);
            if (fd < 0) {
                int errno = Native.getLastError();
                throw errno == ENOENT ? new NoSuchFileException(base.toString())
                        : new IOException(base + ": cannot open the base directory (errno " + errno + ")");
            }
            baseFd = fd;
        }
        return baseFd;
    }

    private static byte[] bytes(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Path locate(RelPath p) throws IOException {
        if (p.isRoot()) {
            return base; // the configured base: the one path trusted as it is
        }
        return PROC_FD.resolve(Integer.toString(fd(p.parent()))).resolve(p.name());
    }

    @Override
    public Path directory(RelPath dir) throws IOException {
        return dir.isRoot() ? base : PROC_FD.resolve(Integer.toString(fd(dir)));
    }

    /** The pinned descriptor of a directory, opening it (and those above it) if needed. */
    private int fd(RelPath dir) throws IOException {
        if (dir.isRoot()) {
            return baseFd();
        }
        Integer known = pinned.get(dir);
        if (known != null) {
            return known;
        }
        int parent = fd(dir.parent());
        int fd = LIBC.openat(parent, bytes(dir.name()), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            if (errno == ENOENT) {
                throw new NoSuchFileException(dir.toString());
            }
            if (errno == ELOOP || errno == ENOTDIR) {
                throw new ApplyException(ApplyException.Code.CONFINEMENT, "batch aborted: " + dir
                        + " is a symlink or not a directory now; confsync never writes through one",
                        List.of(dir + ": not a directory"));
            }
            throw new IOException(dir + ": cannot open the directory (errno " + errno + ")");
        }
        Integer raced = pinned.putIfAbsent(dir, fd);
        if (raced != null) {
            LIBC.close(fd); // another thread pinned it first
            return raced;
        }
        return fd;
    }

    @Override
    public void forget(RelPath dir) {
        for (Map.Entry<RelPath, Integer> e : pinned.entrySet()) {
            if (e.getKey().startsWith(dir) && pinned.remove(e.getKey(), e.getValue())) {
                LIBC.close(e.getValue());
            }
        }
    }

    @Override
    public synchronized void close() {
        forget(RelPath.ROOT);
        if (baseFd >= 0) {
            LIBC.close(baseFd);
            baseFd = -1;
        }
    }
}
