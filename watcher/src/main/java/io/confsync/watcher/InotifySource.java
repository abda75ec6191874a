package io.confsync.watcher;

import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the sync set with Linux's inotify directly, on one reader thread, so that events reach
 * the sink in the kernel's order and timing. Every directory of a directory root is watched; a
 * named file, and a root that does not exist yet, through the nearest directory that exists, moving
 * down as directories appear (a CA file whose directory is created later is watched from then on).
 * Reported: writes ({@code IN_MODIFY} as "still being written", {@code IN_CLOSE_WRITE} as complete,
 * which is all a writer through mmap produces), attributes, creates, deletes and renames.
 *
 * <p>When the kernel refuses a watch ({@code fs.inotify.max_user_watches} reached), the directories
 * that could not be watched are rescanned every 10 s instead, watches are tried again then, and one
 * alarm names the sysctl and how many more watches are needed ({@link Unwatched}).
 */
public final class InotifySource implements ChangeSource {

    private static final Logger LOG = LoggerFactory.getLogger(InotifySource.class);

    /** One watched directory and what it is watched for. */
    private static final class Dir {
        final int wd;
        final Path path;
        /** Relative to the base, or null for a directory above it (an ancestor of a missing root). */
        final RelPath rel;
        /** Directory roots whose tree holds this directory. */
        final Set<RelPath> trees = new HashSet<>();
        /** Entry name -> roots that are, or lie below, that entry (named files, missing roots). */
        final Map<String, Set<RelPath>> children = new HashMap<>();

        Dir(int wd, Path path, RelPath rel) {
            this.wd = wd;
            this.path = path;
            this.rel = rel;
        }

        boolean idle() {
            return trees.isEmpty() && children.isEmpty();
        }
    }

    private final Path base;
    private final PathRules rules;
    private final Map<RelPath, SyncRoot> roots = new LinkedHashMap<>();
    private final Map<Integer, Dir> byWd = new HashMap<>();
    /** Directories that could not be watched (watch limit), by the root whose tree holds them. */
    private Unwatched unwatched;
    private Inotify inotify;
    private ChangeSink sink;
    private volatile Thread reader;
    /** Callers of {@link #catchUp}, released by the reader after its next pass. */
    private final List<CompletableFuture<Boolean>> catchUps = new ArrayList<>();

    /**
     * @param base  the node's base directory
     * @param rules the sync set
     */
    public InotifySource(Path base, PathRules rules) {
        this.base = base;
        this.rules = rules;
        rules.roots().forEach(r -> roots.put(r.path(), r));
    }

    /** True if this host can run it (Linux, libc through JNA). */
    public static boolean available() {
        return Inotify.available();
    }

    @Override
    public void start(ChangeSink s) throws IOException {
        this.sink = s;
        this.unwatched = new Unwatched(s::degraded);
        inotify = new Inotify();
        for (RelPath r : roots.keySet()) {
            establish(r);
        }
        unwatched.report();
        reader = new Thread(this::read, "confsync-inotify");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            while (true) {
                // Callers waiting before this pass are released after it: the kernel queued every
                // event of theirs before the poll below, which reads all that is queued.
                List<CompletableFuture<Boolean>> due = waiting();
                if (!inotify.await(due.isEmpty() ? unwatched.millisUntilRescan() : 0, this::dispatch)) {
                    return;
                }
                unwatched.rescanIfDue(this::retry);
                boolean all = unwatched.none();
                due.forEach(f -> f.complete(all));
            }
        } catch (IOException | RuntimeException e) {
            // Never silently blind: everything is rescanned, and the periodic reconcile goes on.
            LOG.error("file watcher stopped: {}; changes are found by the periodic reconcile only", e.toString());
            sink.lost("watcher error: " + e.getMessage());
            sink.degraded("the file watcher stopped (" + e.getMessage() + "): changes are found by the periodic "
                    + "reconcile only; restart the service");
        }
    }

    // --- what to watch ------------------------------------------------------------------------

    /**
     * Watches a root as it is now: its tree if it is a directory, and the entry itself from its
     * parent, or from the nearest directory above that exists (a named file's events; a root
     * that is created, deleted or renamed). New watches are added before old ones go: inotify
     * gives a re-added directory a new descriptor, and events in between would be lost.
     */
    private void establish(RelPath root) {
        Set<Integer> now = new HashSet<>();
        Path p = root.resolveIn(base);
        Path child = p;
        Path dir = p.getParent();
        while (dir != null && !Files.isDirectory(dir)) {
            child = dir;
            dir = dir.getParent();
        }
        // Watch first, then look: a directory on the way that appeared between the look above and
        // the watch would otherwise never be reported, and the root never watched.
        while (dir != null) {
            Dir d = watch(dir);
            if (d == null) {
                break;
            }
            if (child.equals(p) || !Files.isDirectory(child)) {
                d.children.computeIfAbsent(child.getFileName().toString(), k -> new HashSet<>()).add(root);
                now.add(d.wd);
                break;
            }
            dir = child;
            child = dir.resolve(p.getName(dir.getNameCount()).toString());
        }
        // After the watch of its parent, for the same reason: a root directory created in between
        // is reported by the parent, one created before is walked here.
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            watchTree(root, p, now);
        }
        for (Dir d : new ArrayList<>(byWd.values())) {
            if (!now.contains(d.wd)) {
                d.trees.remove(root);
                d.children.values().forEach(s -> s.remove(root));
                d.children.values().removeIf(Set::isEmpty);
                release(d);
            }
        }
        unwatched.removeOutside(root, p);
    }

    /** Lets a directory go once it is watched for nothing. */
    private void release(Dir d) {
        if (d.idle()) {
            inotify.unwatch(d.wd);
            byWd.remove(d.wd);
        }
    }

    /**
     * Watches a directory and every directory below it that the sync set includes, for a root's
     * tree; adds each watch descriptor to {@code wds}. A directory the kernel will not watch
     * (watch limit) is noted, with everything below it, for periodic rescans.
     */
    private void watchTree(RelPath root, Path top, Set<Integer> wds) {
        Deque<Path> todo = new ArrayDeque<>();
        todo.push(top);
        while (!todo.isEmpty()) {
            Path dir = todo.pop();
            RelPath rel = relOf(dir);
            if (rel == null || !rel.equals(root) && !rules.includes(rel)) {
                continue;
            }
            int wd = inotify.watch(dir);
            if (wd == -Inotify.ENOSPC) {
                unwatched.add(dir, root);
                continue;
            }
            Dir d = wd < 0 ? null : watched(wd, dir);
            if (d == null) {
                continue; // gone, or unreadable: the scanner says so
            }
            d.trees.add(root);
            wds.add(wd);
            unwatched.remove(dir);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path c : ds) {
                    if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS)) {
                        todo.push(c);
                    }
                }
            } catch (IOException e) {
                // unreadable or gone: nothing below it can be watched
            }
        }
    }

    /** Adds (or finds) the watch of a directory outside any tree role; null if the kernel refused. */
    private Dir watch(Path dir) {
        int wd = inotify.watch(dir);
        return wd < 0 ? null : watched(wd, dir);
    }

    /** The bookkeeping of a watch descriptor the kernel returned for {@code dir}. */
    private Dir watched(int wd, Path dir) {
        Dir d = byWd.get(wd);
        if (d == null || !d.path.equals(dir)) {
            Dir fresh = new Dir(wd, dir, relOf(dir));
            if (d != null) { // the same inode under another name (moved): keep what it is watched for
                fresh.trees.addAll(d.trees);
                fresh.children.putAll(d.children);
            }
            byWd.put(wd, fresh);
            d = fresh;
        }
        return d;
    }

    /** The path relative to the base, or null if it lies outside (or cannot be named). */
    private RelPath relOf(Path p) {
        if (!p.startsWith(base)) {
            return null;
        }
        try {
            return RelPath.of(base.relativize(p).toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    // --- events -------------------------------------------------------------------------------

    private void dispatch(Inotify.Event e) {
        if (e.is(Inotify.IN_Q_OVERFLOW)) {
            sink.lost("inotify queue overflow");
            return;
        }
        Dir d = byWd.get(e.wd());
        if (d == null || e.undecodable()) {
            return;
        }
        if (e.is(Inotify.IN_IGNORED)) {
            byWd.remove(e.wd());
            return;
        }
        if (e.name() == null) {
            onSelf(d, e);
            return;
        }
        if (!d.trees.isEmpty() && d.rel != null) {
            onTreeEntry(d, e);
        }
        Set<RelPath> waiting = d.children.get(e.name());
        if (waiting != null) {
            onChildOfInterest(d, e, List.copyOf(waiting));
        }
    }

    /** The watched directory itself changed: attributes, or it was deleted or moved away. */
    private void onSelf(Dir d, Inotify.Event e) {
        if (e.is(Inotify.IN_ATTRIB) && !d.trees.isEmpty() && d.rel != null) {
            sink.changed(d.rel);
        }
        if (e.is(Inotify.IN_DELETE_SELF | Inotify.IN_MOVE_SELF | Inotify.IN_UNMOUNT)) {
            for (RelPath root : new ArrayList<>(d.trees)) {
                if (root.equals(d.rel)) {
                    establish(root); // the root directory itself went: watch for it to come back
                    sink.changed(root);
                }
            }
            Set<RelPath> below = new HashSet<>();
            d.children.values().forEach(below::addAll);
            for (RelPath root : below) {
                establish(root); // a directory above a root went: watch from higher up
                sink.changed(root);
            }
        }
    }

    /** An entry of a directory inside a root's tree. */
    private void onTreeEntry(Dir d, Inotify.Event e) {
        RelPath rel;
        try {
            rel = d.rel.child(e.name());
        } catch (IllegalArgumentException ex) {
            return;
        }
        if (!rules.includes(rel)) {
            return;
        }
        if (e.is(Inotify.IN_ISDIR)) {
            Path p = d.path.resolve(e.name());
            if (e.is(Inotify.IN_MOVED_FROM)) {
                unwatchBelow(p); // the watches follow the moved inodes: their paths are stale now
            } else if (e.is(Inotify.IN_CREATE | Inotify.IN_MOVED_TO)) {
                for (RelPath root : List.copyOf(d.trees)) {
                    watchTree(root, p, new HashSet<>());
                }
                unwatched.report();
            }
        }
        report(rel, e); // after the watches, as in onChildOfInterest
    }

    /** An entry that is a root, or lies above one, in the directory watched for it. */
    private void onChildOfInterest(Dir d, Inotify.Event e, List<RelPath> waiting) {
        Path entry = d.path.resolve(e.name());
        boolean structural = e.is(Inotify.IN_CREATE | Inotify.IN_MOVED_TO | Inotify.IN_DELETE | Inotify.IN_MOVED_FROM);
        for (RelPath root : waiting) {
            // Watches first, then the report: whatever is written after the report is seen, and
            // what was written before is found by the rescan the report causes.
            if (entry.equals(root.resolveIn(base))) {
                if (structural && (e.is(Inotify.IN_ISDIR) || treeOf(root))) {
                    establish(root); // the root directory appeared, went or was replaced
                }
                report(root, e);
            } else if (structural) {
                establish(root); // a directory on the way to the root appeared or went
                sink.changed(root);
            }
        }
        unwatched.report();
    }

    private boolean treeOf(RelPath root) {
        return byWd.values().stream().anyMatch(x -> x.trees.contains(root));
    }

    private void report(RelPath rel, Inotify.Event e) {
        if (e.is(Inotify.IN_MODIFY) && !e.is(Inotify.IN_CLOSE_WRITE)) {
            sink.writing(rel);
        } else if (e.is(Inotify.IN_CLOSE_WRITE | Inotify.IN_DELETE | Inotify.IN_MOVED_FROM)) {
            sink.closed(rel);
        } else {
            sink.changed(rel);
        }
    }

    /** Drops the tree watches of a directory and everything below it. */
    private void unwatchBelow(Path top) {
        for (Dir x : new ArrayList<>(byWd.values())) {
            if (x.path.startsWith(top) && !x.trees.isEmpty()) {
                x.trees.clear();
                release(x);
            }
        }
        unwatched.removeBelow(top);
    }

    // --- what could not be watched --------------------------------------------------------------

    /** A directory the kernel would not watch, rescanned; its tree is watched again if it can be now. */
    private void retry(Path dir, RelPath root) {
        RelPath rel = relOf(dir);
        if (rel != null) {
            sink.changed(rel); // rescanned, watched or not
            watchTree(root, dir, new HashSet<>());
        }
    }

    /**
     * Every event the kernel queued before this call has been dispatched when it returns true:
     * inotify queues an event within the system call that causes it. False while a directory of
     * the sync set is not watched (the watch limit), or if the reader does not answer in time.
     */
    @Override
    public boolean catchUp(long timeoutMillis) {
        Thread r = reader;
        if (r == null || !r.isAlive()) {
            return false;
        }
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        synchronized (catchUps) {
            catchUps.add(f);
        }
        inotify.wake();
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private List<CompletableFuture<Boolean>> waiting() {
        synchronized (catchUps) {
            List<CompletableFuture<Boolean>> due = List.copyOf(catchUps);
            catchUps.clear();
            return due;
        }
    }

    @Override
    public void close() throws IOException {
        if (inotify == null) {
            return;
        }
        inotify.close();
        if (reader != null) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reader == null || !reader.isAlive()) {
            inotify.release();
        }
    }
}
