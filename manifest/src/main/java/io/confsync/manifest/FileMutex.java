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
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                k -> new ReentrantLock());
        local.lock();
        FileChannel ch = null;
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            return new FileMutex(local, ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            local.unlock();
            throw e;
        }
    }

    /**
     * The lock if it can be had within {@code wait} (another process's is tried again every 50 ms);
     * empty if not.
     *
     * @throws IOException if the lock file cannot be opened
     */
    public static java.util.Optional<FileMutex> tryAcquire(Path lockFile, java.time.Duration wait)
            throws IOException, InterruptedException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(),
                k -> new ReentrantLock());
        long deadline = System.nanoTime() + wait.toNanos();
        if (!local.tryLock(wait.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            return java.util.Optional.empty();
        }
        FileChannel ch = null;
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            for (int i = 0; ; i++) {
                FileLock l = ch.tryLock();
                if (l != null) {
                    return java.util.Optional.of(new FileMutex(local, ch, l));
                }
                if (System.nanoTime() >= deadline || i > 100_000) {
                    break;
                }
                Thread.sleep(Math.max(1, Math.min(50, (deadline - System.nanoTime()) / 1_000_000)));
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            if (ch != null) {
                ch.close();
            }
            local.unlock();
            throw e;
        }
        ch.close();
        local.unlock();
        return java.util.Optional.empty();
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
