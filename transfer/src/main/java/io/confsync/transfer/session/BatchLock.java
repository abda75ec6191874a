package io.confsync.transfer.session;

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
 * One batch (or epoch adoption) at a time per state directory: across processes by a file lock on
 * {@code receiver.lock}, and across the sessions of one {@code serve} process by a lock of its own
 * (a JVM cannot hold two file locks on one file; the second attempt throws).
 */
final class BatchLock implements AutoCloseable {

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private BatchLock(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits for the lock of a state directory, creating the directory if needed.
     *
     * @throws IOException if the lock file cannot be opened or locked
     */
    static BatchLock acquire(Path stateDir) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(stateDir.toAbsolutePath().normalize(),
                k -> new ReentrantLock());
        local.lock();
        FileChannel ch = null;
        try {
            Files.createDirectories(stateDir);
            ch = FileChannel.open(stateDir.resolve("receiver.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            return new BatchLock(local, ch, ch.lock());
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            local.unlock();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            lock.release();
        } finally {
            local.unlock();
        }
    }
}
