package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScannerTest {

    private FileSystem fs;
    private Path base;
    private final Clock later = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void setUp() throws Exception {
        fs = JimfsTrees.unix();
        base = fs.getPath("/node1");
        Files.createDirectories(base);
    }

    @AfterEach
    void tearDown() throws Exception {
        fs.close();
    }

    private PathRules rules(String... roots) {
        return new PathRules(java.util.Arrays.stream(roots).map(r -> SyncRoot.of(RelPath.of(r))).toList());
    }

    @Test
    void scan_directoryAndNamedFile_listsEntriesWithDigests() throws Exception {
        JimfsTrees.write(base, "etc/postfix/main.cf", "myhostname = mx1\n");
        JimfsTrees.write(base, "etc/postfix/sasl/passwd", "secret\n");
        JimfsTrees.write(base, "etc/aliases", "root: admin\n");
        JimfsTrees.write(base, "etc/other", "not synced\n");
        Files.createSymbolicLink(base.resolve("etc/postfix/link"), fs.getPath("main.cf"));

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules("etc/postfix", "etc/aliases"));

        assertThat(r.manifest().entries()).extracting(e -> e.path().value()).containsExactly(
                "etc/aliases", "etc/postfix", "etc/postfix/link", "etc/postfix/main.cf", "etc/postfix/sasl",
                "etc/postfix/sasl/passwd");
        FileEntry main = r.manifest().get(RelPath.of("etc/postfix/main.cf"));
        assertThat(main.digest()).isEqualTo(Digest.of("myhostname = mx1\n".getBytes()));
        assertThat(main.size()).isEqualTo(17);
        assertThat(main.mtimeNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(r.manifest().get(RelPath.of("etc/postfix/link")).linkTarget()).isEqualTo("main.cf");
        assertThat(r.roots()).containsEntry(RelPath.of("etc/aliases"), RootState.PRESENT);
    }

    @Test
    void scan_fileGoneSinceLastScan_isForgottenByTheCacheButOtherTreesAreKept() throws Exception {
        JimfsTrees.write(base, "etc/postfix/main.cf", "a\n");
        JimfsTrees.write(base, "etc/postfix/old.cf", "b\n");
        JimfsTrees.write(base, "etc/aliases", "c\n");
        JimfsTrees.write(base, "etc/postfixes/x", "d\n");
        HashCache cache = new HashCache();
        Scanner scanner = new Scanner(cache, later);
        scanner.scan(base, rules("etc/postfix", "etc/aliases", "etc/postfixes"));
        assertThat(cache.size()).isEqualTo(4);

        Files.delete(base.resolve("etc/postfix/old.cf"));
        scanner.scan(base, rules("etc/postfix", "etc/aliases"));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.lookup(base.resolve("etc/postfixes/x"), Stat.of(base.resolve("etc/postfixes/x")))).isNotNull();
        assertThat(cache.lookup(base.resolve("etc/postfix/main.cf"), Stat.of(base.resolve("etc/postfix/main.cf"))))
                .isNotNull();
    }

    @Test
    void scan_symlinkToDirectory_isNotFollowed() throws Exception {
        JimfsTrees.write(base, "outside/secret", "x");
        Files.createDirectories(base.resolve("etc/app"));
        Files.createSymbolicLink(base.resolve("etc/app/escape"), fs.getPath("/node1/outside"));

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules("etc/app"));

        assertThat(r.manifest().entries()).extracting(e -> e.path().value())
                .containsExactly("etc/app", "etc/app/escape");
    }

    @Test
    void scan_rootStates_reportMissingAndEmpty() throws Exception {
        Files.createDirectories(base.resolve("etc/empty"));

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules("etc/empty", "etc/gone"));

        assertThat(r.roots()).containsEntry(RelPath.of("etc/empty"), RootState.EMPTY)
                .containsEntry(RelPath.of("etc/gone"), RootState.MISSING);
    }

    @Test
    void scan_excludedAndTempFiles_areLeftOut() throws Exception {
        JimfsTrees.write(base, "etc/app/a.conf", "a");
        JimfsTrees.write(base, "etc/app/.a.conf.swp", "swap");
        JimfsTrees.write(base, "etc/app/" + PathRules.TEMP_PREFIX + "x", "partial");
        JimfsTrees.write(base, "etc/app/cache/big", "zzz");
        PathRules rules = new PathRules(List.of(new SyncRoot(RelPath.of("etc/app"),
                List.of(Glob.compile("*.swp"), Glob.compile("cache")))));

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules);

        assertThat(r.manifest().entries()).extracting(e -> e.path().value())
                .containsExactly("etc/app", "etc/app/a.conf");
    }

    @Test
    void scan_unchangedTreeTwice_secondScanReadsNoContent() throws Exception {
        for (int i = 0; i < 50; i++) {
            JimfsTrees.write(base, "etc/app/f" + i, "content " + i);
        }
        HashCache cache = new HashCache();
        Scanner scanner = new Scanner(cache, later);

        ScanResult first = scanner.scan(base, rules("etc/app"));
        ScanResult second = scanner.scan(base, rules("etc/app"));

        assertThat(first.filesHashed()).isEqualTo(50);
        assertThat(second.filesHashed()).isZero();
        assertThat(second.bytesHashed()).isZero();
        assertThat(second.manifest()).isEqualTo(first.manifest());
    }

    @Test
    void scan_fileModifiedWithinRacyWindow_isHashedAgainNextScan() throws Exception {
        Path f = JimfsTrees.write(base, "etc/app/f", "aaaa");
        Clock justAfterWrite = Clock.fixed(Stat.fileTime(1_700_000_000_123_456_789L).toInstant().plusMillis(10),
                ZoneOffset.UTC);
        HashCache cache = new HashCache();
        Scanner scanner = new Scanner(cache, justAfterWrite);
        scanner.scan(base, rules("etc/app"));

        // Same size, same mtime, new content: only the racy-clean rule can notice.
        Files.writeString(f, "bbbb");
        Files.setLastModifiedTime(f, Stat.fileTime(1_700_000_000_123_456_789L));
        ScanResult second = scanner.scan(base, rules("etc/app"));

        assertThat(second.filesHashed()).isEqualTo(1);
        assertThat(second.manifest().get(RelPath.of("etc/app/f")).digest()).isEqualTo(Digest.of("bbbb".getBytes()));
    }

    @Test
    void rescan_dirtyPaths_equalsFullScan() throws Exception {
        JimfsTrees.write(base, "etc/app/a", "a");
        JimfsTrees.write(base, "etc/app/sub/b", "b");
        JimfsTrees.write(base, "etc/app/sub/c", "c");
        JimfsTrees.write(base, "etc/aliases", "root: x");
        Scanner scanner = new Scanner(new HashCache(), later);
        PathRules rules = rules("etc/app", "etc/aliases");
        ScanResult before = scanner.scan(base, rules);

        JimfsTrees.write(base, "etc/app/a", "a2");
        Files.delete(base.resolve("etc/app/sub/c"));
        JimfsTrees.write(base, "etc/app/new/d", "d");
        Files.delete(base.resolve("etc/aliases"));
        ScanResult after = scanner.rescan(base, rules, before, java.util.Set.of(RelPath.of("etc/app/a"),
                RelPath.of("etc/app/sub/c"), RelPath.of("etc/app/new"), RelPath.of("etc/aliases")));

        assertThat(after.manifest().entries()).containsExactlyElementsOf(scanner.scan(base, rules).manifest().entries());
        assertThat(after.roots()).containsEntry(RelPath.of("etc/aliases"), RootState.MISSING);
    }

    /** /etc with a host name and a network directory of its own, and a top-level absolute pattern. */
    private static PathRules nodeLocalRules() {
        return new PathRules(List.of(new SyncRoot(RelPath.of("etc"), List.of(Glob.compile("*.swp")),
                List.of(Glob.compileAnchored("hostname"), Glob.compileAnchored("network"), Glob.compile("*.local")))),
                List.of(Glob.compileAnchored("etc/app/host.id")));
    }

    @Test
    void scan_nodeLocalPaths_areLeftOutAndCountedApart() throws Exception {
        JimfsTrees.write(base, "etc/hostname", "n1\n");
        JimfsTrees.write(base, "etc/network/interfaces", "auto eth0\n");
        JimfsTrees.write(base, "etc/network/if-up.d/x", "#!/bin/sh\n");
        JimfsTrees.write(base, "etc/app/hostname", "synced: not at the entry's top\n");
        JimfsTrees.write(base, "etc/app/host.id", "42\n");
        JimfsTrees.write(base, "etc/app/a.local", "mine\n");
        JimfsTrees.write(base, "etc/app/a.swp", "excluded, not node-local\n");

        ScanResult r = new Scanner(new HashCache(), later).scan(base, nodeLocalRules());

        assertThat(r.manifest().entries()).extracting(e -> e.path().value())
                .containsExactly("etc", "etc/app", "etc/app/hostname");
        assertThat(r.nodeLocal()).extracting(RelPath::value).containsExactlyInAnyOrder(
                "etc/hostname", "etc/network", "etc/app/host.id", "etc/app/a.local");
    }

    @Test
    void rescan_nodeLocalPathCreatedAndDeleted_countFollowsAsInAFullScan() throws Exception {
        JimfsTrees.write(base, "etc/hostname", "n1\n");
        JimfsTrees.write(base, "etc/app/a", "a\n");
        Scanner scanner = new Scanner(new HashCache(), later);
        PathRules rules = nodeLocalRules();
        ScanResult before = scanner.scan(base, rules);

        Files.delete(base.resolve("etc/hostname"));
        JimfsTrees.write(base, "etc/app/b.local", "mine\n");
        ScanResult after = scanner.rescan(base, rules, before,
                java.util.Set.of(RelPath.of("etc/hostname"), RelPath.of("etc/app/b.local")));

        ScanResult full = scanner.scan(base, rules);
        assertThat(after.nodeLocal()).isEqualTo(full.nodeLocal());
        assertThat(after.nodeLocal()).extracting(RelPath::value).containsExactly("etc/app/b.local");
        assertThat(after.manifest().entries()).containsExactlyElementsOf(full.manifest().entries());
    }
}
