package io.confsync.watcher;

import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import io.methvin.watcher.DirectoryChangeEvent;
import io.methvin.watcher.DirectoryChangeListener;
import io.methvin.watcher.DirectoryWatcher;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the sync set on a real file system. Directory roots go to directory-watcher (recursive,
 * new subdirectories registered, its own hashing off: the manifest module hashes). Single named
 * files are watched through their parent directory and matched by name, so a rename-on-save (vim,
 * {@code sed -i}, Ansible) is seen. Excluded paths and confsync's own temporary files are dropped
 * here. Overflow and watcher errors become "rescan everything".
 */
public final class DirectoryWatcherSource implements ChangeSource {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcherSource.class);

    private final Path base;
    private final PathRules rules;
    private DirectoryWatcher tree;
    private WatchService files;
    private Thread fileThread;

    /**
     * @param base  the node's base directory
     * @param rules the sync set
     */
    public DirectoryWatcherSource(Path base, PathRules rules) {
        this.base = base;
        this.rules = rules;
    }

    @Override
    public void start(ChangeSink sink) throws IOException {
        List<Path> dirs = new ArrayList<>();
        Map<Path, List<SyncRoot>> namedByParent = new HashMap<>();
        for (SyncRoot r : rules.roots()) {
            Path p = r.path().resolveIn(base);
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                dirs.add(p);
            } else if (Files.isDirectory(p.getParent())) {
                namedByParent.computeIfAbsent(p.getParent(), k -> new ArrayList<>()).add(r);
            } else {
                LOG.warn("{} does not exist and cannot be watched; the periodic reconcile will pick it up", p);
            }
        }
        if (!dirs.isEmpty()) {
            tree = DirectoryWatcher.builder().paths(dirs).fileHashing(false).listener(treeListener(sink)).build();
            tree.watchAsync();
        }
        if (!namedByParent.isEmpty()) {
            startNamedFiles(namedByParent, sink);
        }
    }

    private DirectoryChangeListener treeListener(ChangeSink sink) {
        return new DirectoryChangeListener() {
            @Override
            public void onEvent(DirectoryChangeEvent e) {
                if (e.eventType() == DirectoryChangeEvent.EventType.OVERFLOW) {
                    sink.lost("inotify queue overflow");
                    return;
                }
                report(e.path(), sink);
            }

            @Override
            public void onException(Exception e) {
                // directory-watcher reports overflow and lost registrations only here.
                LOG.warn("watcher error, rescanning everything: {}", e.toString());
                sink.lost("watcher error: " + e);
            }
        };
    }

    private void report(Path absolute, ChangeSink sink) {
        if (absolute == null || !absolute.startsWith(base)) {
            return;
        }
        RelPath rel;
        try {
            rel = RelPath.of(base.relativize(absolute).toString().replace('\\', '/'));
        } catch (IllegalArgumentException e) {
            return;
        }
        if (rules.includes(rel)) {
            sink.changed(rel);
        }
    }

    private void startNamedFiles(Map<Path, List<SyncRoot>> byParent, ChangeSink sink) throws IOException {
        files = base.getFileSystem().newWatchService();
        Map<WatchKey, Path> keys = new HashMap<>();
        for (Path parent : byParent.keySet()) {
            keys.put(parent.register(files, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE), parent);
        }
        fileThread = new Thread(() -> {
            try {
                while (true) {
                    WatchKey key = files.take();
                    Path parent = keys.get(key);
                    for (WatchEvent<?> ev : key.pollEvents()) {
                        if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
                            sink.lost("named-file watch overflow");
                        } else if (parent != null) {
                            report(parent.resolve((Path) ev.context()), sink);
                        }
                    }
                    key.reset();
                }
            } catch (InterruptedException | ClosedWatchServiceException e) {
                // closed
            }
        }, "confsync-named-files");
        fileThread.setDaemon(true);
        fileThread.start();
    }

    @Override
    public void close() throws IOException {
        if (tree != null) {
            tree.close();
        }
        if (files != null) {
            files.close();
        }
    }
}
