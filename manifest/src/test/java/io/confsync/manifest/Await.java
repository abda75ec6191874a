package io.confsync.manifest;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a condition that a process we do not control makes true: re-checked whenever a file
 * in {@code dir} changes (the service rewrites status.json after every batch), bounded in time.
 */
public final class Await {

    /** A condition that may read files. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws IOException;
    }

    private Await() {
    }

    /** True as soon as the check holds; false if {@code max} passes first. */
    public static boolean until(Path dir, Duration max, Check check) throws IOException, InterruptedException {
        try (WatchService ws = dir.getFileSystem().newWatchService()) {
            dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            long deadline = System.nanoTime() + max.toNanos();
            while (!check.holds()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Wake on a change in dir; re-check at least every 250 ms in case the event was coalesced.
                WatchKey key = ws.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(250)), TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
            return true;
        }
    }
}
