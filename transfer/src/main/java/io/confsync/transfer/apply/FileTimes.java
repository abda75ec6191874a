package io.confsync.transfer.apply;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.confsync.manifest.Libc;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Stat;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;

/**
 * Sets an entry's modification time exactly, never following a symlink. On Linux's default file
 * system through utimensat(2): the JDK passes a time before 1970 with a negative nanosecond field,
 * which the kernel rejects, and then silently sets the epoch instead (measured: -1.5 s became 0), so
 * the plan never converged. Elsewhere (Jimfs, other systems) through the JDK. The access time is
 * left as it is.
 */
final class FileTimes {

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    /** tv_nsec value that leaves a time unchanged. */
    private static final long UTIME_OMIT = (1L << 30) - 2L;

    /** The one libc call needed; {@code times} is two {@code struct timespec} of two longs each. */
    interface LibC extends Library {
        int utimensat(int dirfd, byte[] path, long[] times, int flags);
    }

    private static final LibC LIBC = Libc.load(LibC.class);

    private FileTimes() {
    }

    /**
     * Sets the modification time of the directory {@code p} names, following it: for a pinned
     * directory (a /proc/self/fd link), whose link is not what is meant.
     *
     * @throws IOException if the time cannot be set
     */
    static void setModifiedFollowing(Path p, long mtimeNanos) throws IOException {
        set(p, mtimeNanos, 0, FileKind.DIRECTORY);
    }

    /**
     * Sets the modification time of {@code p} itself.
     *
     * @throws IOException if the time cannot be set (a symlink on a file system that cannot is not an error)
     */
    static void setModified(Path p, FileKind kind, long mtimeNanos) throws IOException {
        set(p, mtimeNanos, AT_SYMLINK_NOFOLLOW, kind);
    }

    private static void set(Path p, long mtimeNanos, int flags, FileKind kind) throws IOException {
        if (LIBC != null && p.getFileSystem() == FileSystems.getDefault()) {
            long[] times = {0, UTIME_OMIT, Math.floorDiv(mtimeNanos, 1_000_000_000L),
                Math.floorMod(mtimeNanos, 1_000_000_000L)};
            byte[] path = Libc.path(p);
            if (LIBC.utimensat(AT_FDCWD, path, times, flags) == 0) {
                return;
            }
            int errno = Native.getLastError();
            if (kind == FileKind.SYMLINK) {
                return; // some file systems cannot set a symlink's own times; its target matters
            }
            throw new IOException(p + ": cannot set the modification time (errno " + errno + ")");
        }
        BasicFileAttributeView view = flags == 0 ? Files.getFileAttributeView(p, BasicFileAttributeView.class)
                : Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
            view.setTimes(Stat.fileTime(mtimeNanos), null, null);
        } catch (IOException e) {
            if (kind != FileKind.SYMLINK) {
                throw e;
            }
        }
    }
}
