package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.HashCache;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.Scanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class SyncCommandTest {

    @TempDir
    Path tmp;
    Path a;
    Path b;
    String state;

    @BeforeEach
    void setUp() throws Exception {
        a = tmp.resolve("a");
        b = tmp.resolve("b");
        state = tmp.resolve("state").toString();
        JimfsTrees.write(a, "postfix/main.cf", "myhostname = mx1\n");
        JimfsTrees.write(a, "postfix/master.cf", "smtp inet n - y - - smtpd\n");
        JimfsTrees.write(a, "aliases", "root: admin\n");
    }

    private static Manifest scan(Path p) throws Exception {
        return new Scanner(new HashCache(), Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC))
                .scan(p, PathRules.everything()).manifest();
    }

    private static String snapshot(Path p) throws Exception {
        if (!Files.exists(p)) {
            return "absent";
        }
        StringBuilder s = new StringBuilder();
        try (var w = Files.walk(p)) {
            for (Path x : w.sorted().toList()) {
                s.append(p.relativize(x)).append(' ').append(Files.getLastModifiedTime(x)).append(' ')
                        .append(Files.isRegularFile(x) ? Files.readString(x) : "").append('\n');
            }
        }
        return s.toString();
    }

    @Test
    void sync_dryRun_printsPlanAndLeavesTargetByteIdentical() throws Exception {
        JimfsTrees.write(b, "postfix/main.cf", "myhostname = old\n");
        JimfsTrees.write(b, "stale", "x");
        String before = snapshot(b);

        CliRun r = CliRun.of("sync", "--from", a.toString(), "--to", b.toString(), "--dry-run", "--state-dir", state);

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("dry run").contains("update").contains("postfix/main.cf")
                .contains("create").contains("postfix/master.cf").contains("delete").contains("stale");
        assertThat(snapshot(b)).isEqualTo(before);
        assertThat(Files.exists(Path.of(state, "backups"))).isFalse();
    }

    @Test
    void sync_realRun_makesTreesEqual() throws Exception {
        CliRun r = CliRun.of("sync", "--from", a.toString(), "--to", b.toString(), "--state-dir", state);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("synced").contains("created");
        assertThat(scan(b)).isEqualTo(scan(a));
    }

    @Test
    void sync_emptiedSource_deletesNothingWithoutForceAndSaysSo() throws Exception {
        CliRun.of("sync", "--from", a.toString(), "--to", b.toString(), "--state-dir", state);
        Path empty = Files.createDirectories(tmp.resolve("empty"));

        CliRun r = CliRun.of("sync", "--from", empty.toString(), "--to", b.toString(), "--state-dir", state);

        assertThat(r.code()).as("held back by a guard: refused for safety").isEqualTo(ExitCode.REFUSED);
        assertThat(r.out()).contains("HELD").contains("is empty on the source");
        assertThat(Files.readString(b.resolve("aliases"))).isEqualTo("root: admin\n");
        CliRun forced = CliRun.of("sync", "--from", empty.toString(), "--to", b.toString(), "--state-dir", state,
                "--force");
        assertThat(forced.code()).isZero();
        assertThat(Files.exists(b.resolve("aliases"))).isFalse();
        try (var batches = Files.list(Path.of(state, "backups"))) {
            Path newest = batches.max(Path::compareTo).orElseThrow();
            assertThat(Files.readString(newest.resolve("files/aliases"))).isEqualTo("root: admin\n");
        }
    }

    @Test
    void sync_massDelete_exitsRefusedAndDeletesNothing() throws Exception {
        CliRun.of("sync", "--from", a.toString(), "--to", b.toString(), "--state-dir", state);
        Files.delete(a.resolve("postfix/main.cf"));
        Files.delete(a.resolve("postfix/master.cf"));

        CliRun r = CliRun.of("sync", "--from", a.toString(), "--to", b.toString(), "--state-dir", state);

        assertThat(r.code()).isEqualTo(ExitCode.REFUSED);
        assertThat(r.out()).contains("HELD     mass delete held back").doesNotContain("Exception");
        assertThat(Files.exists(b.resolve("postfix/main.cf"))).isTrue();
    }

    @Test
    void sync_targetParentMissing_usageErrorNamingIt() throws Exception {
        java.nio.file.Path missing = b.resolveSibling("no-such-dir").resolve("etc");

        CliRun r = CliRun.of("sync", "--from", a.toString(), "--to", missing.toString(), "--state-dir", state);

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains(missing.getParent() + " does not exist; create it first").doesNotContain("Exception");
    }

    @Test
    void sync_json_printsParsablePlanAndResult() throws Exception {
        CliRun r = CliRun.of("sync", "--from", a.toString(), "--to", b.toString(), "--state-dir", state, "--json");

        Map<?, ?> doc = JsonMapper.builder().build().readValue(r.out(), Map.class);
        assertThat(doc.get("dry_run")).isEqualTo(false);
        assertThat((java.util.List<?>) doc.get("actions")).isNotEmpty();
        assertThat(((Map<?, ?>) doc.get("result")).get("created")).isEqualTo(5);
    }

    @Test
    void sync_missingSource_isOneLineUsageError() {
        CliRun r = CliRun.of("sync", "--from", tmp.resolve("nope").toString(), "--to", b.toString());

        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("confsync: --from " + tmp.resolve("nope") + ": not a directory\n");
    }

    @Test
    void sync_badOption_isUsageExitCode() {
        assertThat(CliRun.of("sync", "--frm", "x").code()).isEqualTo(ExitCode.USAGE);
    }
}
