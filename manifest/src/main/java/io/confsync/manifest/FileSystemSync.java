package io.confsync.manifest;

import com.sun.jna.Library;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linux's syncfs(2) through JNA: one call that makes every written file and every name of one file
 * system durable, which ext4 does in one journal commit. For a batch of thousands of new files that
 * is far cheaper than thousands of fsyncs, and exactly as durable. Used only on the default file
 * system of a Linux host; anywhere else, or if the call fails, the caller falls back to fsync.
 */
final class FileSystemSync {

    private static final Logger LOG = LoggerFactory.getLogger(FileSystemSync.class);
    private static final int O_RDONLY = 0;

    /** The three libc calls needed. */
    interface LibC extends Library {
        int open(String path, int flags);

        int syncfs(int fd);

        int close(int fd);
    }

    private static final LibC LIBC = load();

    private FileSystemSync() {
    }

    private static LibC load() {
        LibC c = Libc.load(LibC.class);
        if (c == null) {
            LOG.debug("syncfs unavailable here: fsync per file");
        }
        return c;
    }

    /**
     * Syncs every file system that holds one of {@code paths}, once each.
     *
     * @return false if it could not (not Linux, not the default file system, a failed call): then
     *         nothing is promised and the caller must fsync itself
     */
    static boolean syncAll(Collection<Path> paths) {
        if (LIBC == null || paths.isEmpty()) {
            return false;
        }
        Map<Object, Path> oneByDevice = new LinkedHashMap<>();
        Map<Path, Boolean> seenParents = new LinkedHashMap<>();
        try {
            for (Path p : paths) {
                if (p.getFileSystem() != FileSystems.getDefault()) {
                    return false;
                }
                Path parent = p.toAbsolutePath().getParent();
                if (parent != null && seenParents.put(parent, Boolean.TRUE) == null) {
                    oneByDevice.putIfAbsent(Files.getAttribute(parent, "unix:dev", LinkOption.NOFOLLOW_LINKS), parent);
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        for (Path p : oneByDevice.values()) {
            int fd = LIBC.open(p.toString(), O_RDONLY);
            if (fd < 0) {
                return false;
            }
            int rc = LIBC.syncfs(fd);
            LIBC.close(fd);
            if (rc != 0) {
                return false;
            }
        }
        return true;
    }
}
