package io.confsync.watcher;

import io.confsync.manifest.RelPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The directories the kernel would not watch ({@code fs.inotify.max_user_watches} reached), each
 * with the root whose tree holds it: rescanned every {@link #RESCAN} instead, with one alarm while
 * any are left that names the sysctl and how many more watches are needed. Used by the reader
 * thread of {@link InotifySource} only.
 */
final class Unwatched {

    /** How often directories that could not be watched are rescanned (and watches retried). */
    static final long RESCAN = TimeUnit.SECONDS.toMillis(10);
    private static final Path MAX_WATCHES = Path.of("/proc/sys/fs/inotify/max_user_watches");

    private final Map<Path, RelPath> dirs = new LinkedHashMap<>();
    private final Consumer<String> alarms;
    private String alarm;
    private long nextRescan;

    /** @param alarms told the alarm when it is raised, and null when it clears */
    Unwatched(Consumer<String> alarms) {
        this.alarms = alarms;
    }

    void add(Path dir, RelPath root) {
        dirs.put(dir, root);
    }

    void remove(Path dir) {
        dirs.remove(dir);
    }

    /** Forgets the directories at or below {@code top}. */
    void removeBelow(Path top) {
        dirs.keySet().removeIf(p -> p.startsWith(top));
    }

    /** Forgets the directories of {@code root} that lie outside {@code tree}. */
    void removeOutside(RelPath root, Path tree) {
        dirs.entrySet().removeIf(u -> u.getValue().equals(root) && !u.getKey().startsWith(tree));
    }

    /** Milliseconds until the next rescan is due; -1 when every directory is watched. */
    /** True if every directory of the sync set is watched. */
    boolean none() {
        return dirs.isEmpty();
    }

    int millisUntilRescan() {
        return dirs.isEmpty() ? -1 : (int) Math.max(0, Math.min(Integer.MAX_VALUE, nextRescan - System.currentTimeMillis()));
    }

    /** When due, hands every unwatched directory to {@code retry} (which rescans and tries again), then says so. */
    void rescanIfDue(java.util.function.BiConsumer<Path, RelPath> retry) {
        if (dirs.isEmpty() || System.currentTimeMillis() < nextRescan) {
            return;
        }
        Map<Path, RelPath> again = new LinkedHashMap<>(dirs);
        dirs.clear();
        again.forEach(retry);
        report();
    }

    /** Raises the alarm when directories are left unwatched, and clears it when none are. */
    void report() {
        if (dirs.isEmpty()) {
            if (alarm != null) {
                alarm = null;
                alarms.accept(null);
            }
            return;
        }
        nextRescan = System.currentTimeMillis() + RESCAN;
        if (alarm == null) {
            long missing = countDirectories(dirs.keySet());
            alarm = "inotify watch limit reached: " + missing + " directories of the sync set are not watched and are "
                    + "rescanned every " + RESCAN / 1000 + " s instead; raise fs.inotify.max_user_watches (now "
                    + currentLimit() + ") by at least " + missing + " (sysctl -w fs.inotify.max_user_watches=N, and a "
                    + "file in /etc/sysctl.d/ to keep it)";
            alarms.accept(alarm);
        }
    }

    private static long countDirectories(Set<Path> tops) {
        long n = 0;
        for (Path top : tops) {
            try (var walk = Files.walk(top)) {
                n += walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).limit(10_000_000).count();
            } catch (IOException | RuntimeException e) {
                n++;
            }
        }
        return n;
    }

    private static String currentLimit() {
        try {
            return Files.readString(MAX_WATCHES).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
