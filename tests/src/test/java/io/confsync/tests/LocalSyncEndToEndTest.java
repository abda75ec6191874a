package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.Stat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code confsync sync --from A --to B} on a generated /etc-like tree of 5,000 files. */
class LocalSyncEndToEndTest {

    private static final Clock LATER = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static Manifest scan(Path p) throws Exception {
        return new Scanner(new HashCache(), LATER).scan(p, PathRules.everything()).manifest();
    }

    private CliRun sync(Path a, Path b, String... more) {
        String[] base = {"sync", "--from", a.toString(), "--to", b.toString(), "--state-dir",
            tmp.resolve("state").toString()};
        return CliRun.of(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
    }

    @Test
    void sync_generatedTree_dryRunTouchesNothingThenRealRunMakesTreesEqual() throws Exception {
        Path a = tmp.resolve("A");
        Path b = tmp.resolve("B");
        TreeGenerator.generate(a, 42, 5000);
        Manifest source = scan(a);
        assertThat(source.fileCount()).isEqualTo(5000);

        CliRun dry = sync(a, b, "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("5000 files to copy");
        assertThat(Files.exists(b)).isFalse();

        CliRun real = sync(a, b);
        assertThat(real.code()).as(real.err()).isZero();
        assertThat(scan(b).entries()).containsExactlyElementsOf(source.entries());

        CliRun again = sync(a, b, "--dry-run");
        assertThat(again.out()).contains("in sync: nothing to do");
    }

    @Test
    void sync_editsDeletesAndChmods_propagateAndOldVersionsAreKept() throws Exception {
        Path a = tmp.resolve("A");
        Path b = tmp.resolve("B");
        TreeGenerator.generate(a, 7, 300);
        assertThat(sync(a, b).code()).isZero();
        Path edited;
        Path deleted;
        try (Stream<Path> files = Files.walk(a).filter(Files::isRegularFile).sorted()) {
            var list = files.toList();
            edited = list.get(0);
            deleted = list.get(1);
        }
        String old = Files.readString(edited);
        Files.writeString(edited, old.replaceFirst(".", "#"));
        Files.setLastModifiedTime(edited, Stat.fileTime(Stat.nanos(Files.getLastModifiedTime(edited))));
        Files.delete(deleted);
        Files.setAttribute(a.resolve("postfix"), "unix:mode", 02750);

        CliRun r = sync(a, b);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(scan(b).entries()).containsExactlyElementsOf(scan(a).entries());
        Path backups = tmp.resolve("state/backups");
        try (Stream<Path> batches = Files.list(backups)) {
            Path batch = batches.max(Path::compareTo).orElseThrow();
            assertThat(Files.readString(batch.resolve("files").resolve(a.relativize(edited).toString())))
                    .isEqualTo(old);
            assertThat(Files.exists(batch.resolve("files").resolve(a.relativize(deleted).toString()))).isTrue();
        }
    }

    @Test
    void scan_unchangedGeneratedTree_secondScanReadsNoContent() throws Exception {
        Path a = tmp.resolve("A");
        TreeGenerator.generate(a, 3, 1000);
        Scanner scanner = new Scanner(new HashCache(), LATER);

        ScanResult first = scanner.scan(a, PathRules.everything());
        ScanResult second = scanner.scan(a, PathRules.everything());

        assertThat(first.filesHashed()).isEqualTo(1000);
        assertThat(second.bytesHashed()).isZero();
        assertThat(second.manifest()).isEqualTo(first.manifest());
    }

    @Test
    void sync_secretWithAcl_arrivesWithItsAclNoMoreOpenThanOnTheSource() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("A"));
        Path secret = Files.writeString(a.resolve("secret.key"), "-----BEGIN PRIVATE KEY-----\n");
        Files.setAttribute(secret, "unix:mode", 0600);
        io.confsync.manifest.AttrTools.setfacl(secret, "-m", "u:nobody:r");

        Processes.Ran r = Processes.run(Processes.launcher("sync", "--from", a.toString(), "--to",
                tmp.resolve("B").toString(), "--state-dir", tmp.resolve("state").toString()), null,
                java.time.Duration.ofSeconds(60));

        assertThat(r.code()).as(r.all()).isZero();
        Processes.Ran acl = Processes.run(java.util.List.of("getfacl", "-c", tmp.resolve("B/secret.key").toString()),
                null, java.time.Duration.ofSeconds(30));
        assertThat(acl.out()).as("the owner's rw, nobody's r, and nothing for the group or others").isEqualTo("""
                user::rw-
                user:nobody:r--
                group::---
                mask::r--
                other::---

                """);
    }
}
