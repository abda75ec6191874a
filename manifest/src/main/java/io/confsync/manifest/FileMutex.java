package io.confsync.manifest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion on a lock file, across processes (a file lock) and across the threads of this
 * one (a lock of its own: a JVM cannot hold two file locks on one file; the second attempt
 * throws). Used for the receiver's batches and for the cluster state. Not reentrant.
 */
public final class FileMutex implements AutoCloseable {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private FileMutex(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits for the lock, creating the lock file and its directory if needed.
     *
     * @throws IOException if the lock file cannot be opened or locked
     */
    public static FileMutex acquire(Path lockFile) throws IOException {
        ReentrantLock local = local(lockFile);
        local.lock();
        return locked(local, lockFile, ch -> ch.lock());
    }

    /**
     * The lock if it can be had within {@code wait} (another process's is tried again every 50 ms);
     * empty if not.
     *
     * @throws IOException if the lock file cannot be opened
     */
    public static java.util.Optional<FileMutex> tryAcquire(Path lockFile, java.time.Duration wait)
            throws IOException, InterruptedException {
        ReentrantLock local = local(lockFile);
        long deadline = System.nanoTime() + wait.toNanos();
        if (!local.tryLock(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable(locked(local, lockFile, ch -> {
            for (int i = 0; i <= 100_000; i++) {
                FileLock l = ch.tryLock();
                if (l != null || System.nanoTime() >= deadline) {
                    return l;
                }
                Thread.sleep(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
            }
            return null;
        }));
    }

    /** How the file lock is taken: waiting, or trying; null when it was not had. */
    private interface Locking {
        FileLock take(FileChannel channel) throws IOException, InterruptedException;
    }

    private static ReentrantLock local(Path lockFile) {
        return IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
    }

    /**
     * Opens the lock file (with its directory) under {@code local}, held, and takes the file lock;
     * null, with both let go, if {@code locking} did not get it.
     */
    private static FileMutex locked(ReentrantLock local, Path lockFile, Locking locking) throws IOException {
        FileChannel ch = null;
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = locking.take(ch);
            if (l != null) {
                return new FileMutex(local, ch, l);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(local, ch);
            throw new java.io.InterruptedIOException("interrupted while waiting for " + lockFile);
        } catch (IOException | RuntimeException e) {
            release(local, ch);
            throw e;
        }
        release(local, ch);
        return null;
    }

    private static void release(ReentrantLock local, FileChannel ch) throws IOException {
        try {
            if (ch != null) {
                ch.close();
            }
        } finally {
            local.unlock();
        }
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            local.unlock();
        }
    }
}
