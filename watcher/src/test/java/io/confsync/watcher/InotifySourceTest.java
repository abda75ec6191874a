package io.confsync.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.confsync.manifest.Glob;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inotify directly, on the real file system. Waits are on the events themselves, bounded. */
class InotifySourceTest {

    @TempDir
    Path base;
    private final List<String> events = new ArrayList<>();
    private InotifySource source;

    /** Records "kind path" lines. */
    private final ChangeSink sink = new ChangeSink() {
        @Override
        public void changed(RelPath path) {
            add("changed " + path.value());
        }

        @Override
        public void writing(RelPath path) {
            add("writing " + path.value());
        }

        @Override
        public void closed(RelPath path) {
            add("closed " + path.value());
        }

        @Override
        public void lost(String why) {
            add("LOST");
        }
    };

    private void add(String e) {
        synchronized (events) {
            events.add(e);
            events.notifyAll();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(InotifySource.available(), "inotify through JNA (Linux)");
        Files.createDirectories(base.resolve("etc/app/sub"));
        Files.writeString(base.resolve("etc/aliases"), "root: a\n");
        Files.writeString(base.resolve("etc/unrelated"), "x");
    }

    private void start(SyncRoot... roots) throws Exception {
        source = new InotifySource(base, new PathRules(List.of(roots)));
        source.start(sink);
    }

    private void startDefault() throws Exception {
        start(new SyncRoot(RelPath.of("etc/app"), List.of(Glob.compile("*.swp"))), SyncRoot.of(RelPath.of("etc/aliases")));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (source != null) {
            source.close();
        }
    }

    /** Waits (10 s at most) until an event equal to {@code wanted} was recorded; true if it was. */
    private boolean saw(String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (events) {
            while (!events.contains(wanted)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
            return true;
        }
    }

    /** Waits (10 s at most) for an event recorded at index {@code from} or later that matches. */
    private boolean sawAfter(int from, java.util.function.Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        synchronized (events) {
            while (events.subList(Math.min(from, events.size()), events.size()).stream().noneMatch(wanted)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
            return true;
        }
    }

    private List<String> recorded() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Test
    void start_writeThroughMmapWithoutWrite_isReportedAsClosed() throws Exception {
        Path db = Files.write(base.resolve("etc/app/aliases.db"), new byte[4096]);
        startDefault();

        io.confsync.manifest.MappedWrite.put(db, 4096, 0, (byte) 'x');

        assertThat(saw("closed etc/app/aliases.db")).as(recorded().toString()).isTrue();
        assertThat(recorded()).doesNotContain("writing etc/app/aliases.db");
    }

    @Test
    void start_chmodOnly_isReported() throws Exception {
        Path f = Files.writeString(base.resolve("etc/app/sub/key.pem"), "k");
        startDefault();

        Files.setAttribute(f, "unix:mode", 0600);

        assertThat(saw("changed etc/app/sub/key.pem")).as(recorded().toString()).isTrue();
    }

    @Test
    void start_slowWriter_writingUntilItCloses() throws Exception {
        startDefault();
        try (OutputStream out = Files.newOutputStream(base.resolve("etc/app/slow.conf"))) {
            out.write("part 1\n".getBytes());
            out.flush();
            assertThat(saw("writing etc/app/slow.conf")).as(recorded().toString()).isTrue();
            assertThat(recorded()).doesNotContain("closed etc/app/slow.conf");
            out.write("part 2\n".getBytes());
        }
        assertThat(saw("closed etc/app/slow.conf")).as(recorded().toString()).isTrue();
    }

    @Test
    void start_namedFileWhoseDirectoriesAppearLater_isWatchedFromThen() throws Exception {
        start(SyncRoot.of(RelPath.of("var/lib/bm-ca/ca-cert.pem")));
        Path dir = Files.createDirectories(base.resolve("var/lib/bm-ca"));
        assertThat(saw("changed var/lib/bm-ca/ca-cert.pem")).as("a directory on the way: rescan").isTrue();

        int mark = recorded().size();
        Files.writeString(dir.resolve("ca-cert.pem"), "CA 1\n");
        // Reported as written, or (the watch reaching bm-ca after the write) as changed after it.
        assertThat(sawAfter(mark, e -> e.endsWith(" var/lib/bm-ca/ca-cert.pem"))).as(recorded().toString()).isTrue();
        assertThat(saw("closed var/lib/bm-ca/ca-cert.pem") || sawAfter(mark, e -> e.startsWith("changed"))).isTrue();
        synchronized (events) {
            events.clear();
        }
        Files.writeString(dir.resolve("ca-cert.pem"), "CA 2\n");
        assertThat(saw("closed var/lib/bm-ca/ca-cert.pem")).as("its next edit, once watched: " + recorded()).isTrue();
    }

    @Test
    void start_rootDirectoryCreatedLater_itsTreeIsWatched() throws Exception {
        start(SyncRoot.of(RelPath.of("etc/late")));
        Files.createDirectories(base.resolve("etc/late/sub"));
        assertThat(saw("changed etc/late")).as(recorded().toString()).isTrue();
        int mark = recorded().size();

        Files.writeString(base.resolve("etc/late/sub/x.conf"), "x");

        // Either sub was watched before the write, or its creation is reported after it (and the
        // rescan that causes finds the file): never neither.
        assertThat(sawAfter(mark, e -> e.equals("closed etc/late/sub/x.conf") || e.equals("changed etc/late/sub")))
                .as(recorded().toString()).isTrue();
    }

    @Test
    void start_directoryMovedInsideTheTree_eventsCarryItsNewPath() throws Exception {
        Files.createDirectories(base.resolve("etc/app/b"));
        startDefault();
        Files.move(base.resolve("etc/app/sub"), base.resolve("etc/app/b/sub"));
        assertThat(saw("changed etc/app/b/sub")).as(recorded().toString()).isTrue();

        Files.writeString(base.resolve("etc/app/b/sub/f"), "f");

        assertThat(saw("closed etc/app/b/sub/f")).as(recorded().toString()).isTrue();
        assertThat(recorded()).noneMatch(e -> e.endsWith("etc/app/sub/f"));
    }

    @Test
    void start_renameOnSaveOfNamedFile_reportedEverySave() throws Exception {
        startDefault();
        for (int i = 0; i < 3; i++) {
            Path tmp = Files.writeString(base.resolve("etc/.aliases.tmp" + i), "root: " + i + "\n");
            Files.move(tmp, base.resolve("etc/aliases"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            assertThat(saw("changed etc/aliases")).as("save %d: %s", i, recorded()).isTrue();
            synchronized (events) {
                events.clear();
            }
        }
    }

    @Test
    void start_excludedTemporaryAndUnrelated_notReported() throws Exception {
        startDefault();
        Files.writeString(base.resolve("etc/app/.main.cf.swp"), "swap");
        Files.writeString(base.resolve("etc/unrelated"), "y");
        Files.writeString(base.resolve("etc/app/.confsync-tmp-abc"), "t");
        Files.writeString(base.resolve("etc/app/marker"), "m");

        assertThat(saw("closed etc/app/marker")).isTrue();
        assertThat(recorded()).noneMatch(e -> e.contains(".swp") || e.contains("unrelated") || e.contains("confsync-tmp"));
    }

    @Test
    void catchUp_afterEachWrite_theWriteIsAlreadyReported() throws Exception {
        startDefault();
        for (int i = 0; i < 200; i++) {
            Files.writeString(base.resolve("etc/app/sub/f" + i), "v" + i);
            if (i % 3 == 0) {
                Files.setPosixFilePermissions(base.resolve("etc/app/sub/f" + (i / 2)),
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            }

            assertThat(source.catchUp(10_000)).as("caught up after write %d", i).isTrue();
            assertThat(recorded()).as("write %d", i).contains("closed etc/app/sub/f" + i);
        }
    }

    @Test
    void catchUp_closed_cannotTell() throws Exception {
        startDefault();
        source.close();

        assertThat(source.catchUp(100)).isFalse();
        source = null;
    }
}
