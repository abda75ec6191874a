package io.confsync.watcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Glob;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real watcher on the real file system (inotify). Waits are on events, bounded. */
class DirectoryWatcherSourceTest {

    @TempDir
    Path base;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private DirectoryWatcherSource source;

    private final ChangeSink sink = new ChangeSink() {
        @Override
        public void changed(RelPath path) {
            events.add(path.value());
        }

        @Override
        public void lost(String why) {
            events.add("LOST");
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(base.resolve("etc/app"));
        Files.writeString(base.resolve("etc/aliases"), "root: a\n");
        Files.writeString(base.resolve("etc/unrelated"), "x");
        PathRules rules = new PathRules(List.of(new SyncRoot(RelPath.of("etc/app"), List.of(Glob.compile("*.swp"))),
                SyncRoot.of(RelPath.of("etc/aliases"))));
        source = new DirectoryWatcherSource(base, rules);
        source.start(sink);
    }

    @AfterEach
    void tearDown() throws Exception {
        source.close();
    }

    /** Collects events until every expected one was seen, within ten seconds. */
    private Set<String> awaitEvent(String... expected) throws InterruptedException {
        Set<String> seen = new java.util.HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!seen.containsAll(List.of(expected))) {
            String e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                break;
            }
            seen.add(e);
        }
        return seen;
    }

    @Test
    void start_createInNewSubdirectory_isReported() throws Exception {
        Files.createDirectories(base.resolve("etc/app/new/deeper"));
        awaitEvent("etc/app/new/deeper");
        Files.writeString(base.resolve("etc/app/new/deeper/file.conf"), "x");

        assertThat(awaitEvent("etc/app/new/deeper/file.conf")).contains("etc/app/new/deeper/file.conf");
    }

    @Test
    void start_editorStyleSaveOfNamedFile_isReported() throws Exception {
        Path tmp = Files.writeString(base.resolve("etc/.aliases.tmp123"), "root: b\n");
        Files.move(tmp, base.resolve("etc/aliases"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        assertThat(awaitEvent("etc/aliases")).contains("etc/aliases").doesNotContain("etc/.aliases.tmp123");
    }

    @Test
    void start_excludedAndUnrelatedPaths_produceNoWork() throws Exception {
        Files.writeString(base.resolve("etc/app/.main.cf.swp"), "swap");
        Files.writeString(base.resolve("etc/unrelated"), "y");
        Files.writeString(base.resolve("etc/app/.confsync-tmp-abc"), "t");
        Files.writeString(base.resolve("etc/app/marker"), "m");

        Set<String> seen = awaitEvent("etc/app/marker");

        assertThat(seen).contains("etc/app/marker").doesNotContain("etc/app/.main.cf.swp", "etc/unrelated",
                "etc/app/.confsync-tmp-abc");
    }

    @Test
    void start_deleteAndRename_areReported() throws Exception {
        Files.writeString(base.resolve("etc/app/a"), "a");
        awaitEvent("etc/app/a");
        Files.move(base.resolve("etc/app/a"), base.resolve("etc/app/b"));
        assertThat(awaitEvent("etc/app/a", "etc/app/b")).contains("etc/app/a", "etc/app/b");
        Files.delete(base.resolve("etc/app/b"));
        assertThat(awaitEvent("etc/app/b")).contains("etc/app/b");
    }
}
