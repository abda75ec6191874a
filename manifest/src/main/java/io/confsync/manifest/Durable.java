package io.confsync.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that survive a crash: fsync of files and of directories, and atomic replacement of small
 * state files. Used for state (hash cache, cluster state, status), not for synchronized content.
 */
public final class Durable {

    private Durable() {
    }

    /**
     * Writes bytes to a new or truncated file and fsyncs it.
     *
     * @throws IOException on any write failure
     */
    public static void write(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(data);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /**
     * Replaces a file atomically: writes a sibling temporary file, fsyncs it, renames it over the
     * target and fsyncs the directory.
     *
     * @throws IOException on any failure; the old file is then intact
     */
    public static void replace(Path file, byte[] data) throws IOException {
        replace(file, data, true);
    }

    /**
     * Replaces a file atomically, forcing it to disk only if {@code durable}: advisory state such as
     * a status file, rewritten on every batch, can do without the fsyncs (an old version after a
     * crash is harmless).
     *
     * @throws IOException on any failure; the old file is then intact
     */
    public static void replace(Path file, byte[] data, boolean durable) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(PathRules.TEMP_PREFIX + file.getFileName());
        try {
            if (durable) {
                write(tmp, data);
            } else {
                Files.write(tmp, data);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (durable) {
            syncDirectory(dir);
        }
    }

    /**
     * Replaces an operator's file atomically and durably, as {@link #replace(Path, byte[])}, the new
     * version taking the old one's mode, owner and group.
     *
     * @throws IOException on any failure, including an owner this process cannot give; the old file is then intact
     */
    public static void replaceKeepingAttributes(Path file, byte[] data) throws IOException {
        java.nio.file.attribute.PosixFileAttributes old = Files.readAttributes(file,
                java.nio.file.attribute.PosixFileAttributes.class);
        Path tmp = file.toAbsolutePath().getParent().resolve(PathRules.TEMP_PREFIX + file.getFileName());
        try {
            write(tmp, data);
            java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(tmp,
                    java.nio.file.attribute.PosixFileAttributeView.class);
            view.setPermissions(old.permissions());
            view.setGroup(old.group());
            view.setOwner(old.owner());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(file.toAbsolutePath().getParent());
    }

    /**
     * From this many paths on, one syncfs(2) per file system replaces the fsyncs (Linux): a batch
     * of thousands of files becomes one journal commit. Smaller batches (the live service's) keep
     * per-file fsyncs, which do not flush other writers' data.
     */
    static final int GROUP_COMMIT = 64;

    /** Threads used to fsync many files at once; enough for ext4 to group journal commits. */
    private static final int SYNC_THREADS = 8;

    /**
     * Up to this many paths are forced one after the other, in the order given: the live service's
     * batches (a file and the backup of the version it replaces). The first fsync commits the
     * journal transaction that holds the others' metadata too, so the next ones usually find
     * nothing left to commit; two threads could instead each start a commit.
     */
    static final int SEQUENTIAL = 4;

    /**
     * Makes many files durable: one syncfs per file system from {@link #GROUP_COMMIT} files on
     * (Linux), else fsyncs in parallel (see {@link #SYNC_THREADS}), or in order for a few (see
     * {@link #SEQUENTIAL}).
     *
     * @throws IOException the first failure, after every file was tried
     */
    public static void forceAll(java.util.Collection<Path> files) throws IOException {
        if (files.size() >= GROUP_COMMIT && FileSystemSync.syncAll(files)) {
            return;
        }
        forEach(files, f -> {
            // Read-only is enough for fsync(2), and works on files without write permission.
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                ch.force(true);
            }
        });
    }

    /**
     * Makes many directories' entries durable, like {@link #forceAll}.
     *
     * @throws IOException the first failure, after every directory was tried
     */
    public static void syncDirectories(java.util.Collection<Path> dirs) throws IOException {
        if (dirs.size() >= GROUP_COMMIT && FileSystemSync.syncAll(dirs)) {
            return;
        }
        forEach(dirs, Durable::syncDirectory);
    }

    /** An I/O step on one path. */
    @FunctionalInterface
    private interface PathStep {
        void run(Path p) throws IOException;
    }

    /** Runs a step on every path: in order up to {@link #SEQUENTIAL}, else on {@link #SYNC_THREADS} threads. */
    private static void forEach(java.util.Collection<Path> paths, PathStep step) throws IOException {
        if (paths.size() <= SEQUENTIAL) {
            for (Path p : paths) {
                step.run(p);
            }
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.min(SYNC_THREADS, paths.size()), r -> {
                    Thread t = new Thread(r, "confsync-fsync");
                    t.setDaemon(true);
                    return t;
                });
        try {
            java.util.List<java.util.concurrent.Future<?>> all = new java.util.ArrayList<>();
            for (Path p : paths) {
                all.add(pool.submit(() -> {
                    step.run(p);
                    return null;
                }));
            }
            IOException first = null;
            for (java.util.concurrent.Future<?> f : all) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while syncing");
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Fsyncs a directory so that renames and creations in it are durable. File systems that cannot
     * open a directory for reading (some non-Linux ones, Jimfs) are skipped: they have nothing to sync.
     *
     * @throws IOException if the sync itself fails
     */
    public static void syncDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (ch) {
            ch.force(true);
        }
    }
}
