package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards that hold deletes back say so in every output, and hold back nothing else: through the
 * launcher for one-shot syncs, and with a running service for the live case.
 */
class GuardTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Processes.Ran sync(Path from, Path to, String... more) throws Exception {
        var cmd = new java.util.ArrayList<>(Processes.launcher("sync", "--from", from.toString(), "--to",
                to.toString(), "--state-dir", tmp.resolve("state").toString()));
        cmd.addAll(java.util.List.of(more));
        return Processes.run(cmd, null, MAX);
    }

    @Test
    void sync_emptiedSource_dryRunAndRealRunSayHeldAndExit3ForceDeletes() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path full = tmp.resolve("full");
        TreeGenerator.generate(full, 5, 40);

        Processes.Ran dry = sync(empty, full, "--dry-run");
        assertThat(dry.code()).as(dry.all()).isEqualTo(3);
        assertThat(dry.out()).contains("HELD").contains("is empty on the source").contains("--force")
                .doesNotContain("in sync: nothing to do");

        Processes.Ran real = sync(empty, full);
        assertThat(real.code()).as(real.all()).isEqualTo(3);
        assertThat(real.out()).contains("0 deleted").contains("HELD").contains("is empty on the source");
        assertThat(countFiles(full)).isEqualTo(40);

        Processes.Ran forced = sync(empty, full, "--force");
        assertThat(forced.code()).as(forced.all()).isZero();
        assertThat(countFiles(full)).isZero();
    }

    @Test
    void sync_massDelete_otherChangesLandDeletesHeldExit3() throws Exception {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        TreeGenerator.generate(a, 9, 60);
        assertThat(sync(a, b).code()).isZero();
        Path keep = Files.writeString(a.resolve("postfix/keep.cf"), "new\n");
        try (Stream<Path> s = Files.list(a)) {
            for (Path top : s.filter(p -> !p.getFileName().toString().equals("postfix")).toList()) {
                deleteTree(top);
            }
        }

        Processes.Ran r = sync(a, b, "--json");

        assertThat(r.code()).as(r.all()).isEqualTo(3);
        assertThat(Files.readString(b.resolve("postfix/keep.cf"))).isEqualTo("new\n");
        assertThat(countFiles(b)).isGreaterThan(countFiles(a));
        assertThat(r.out()).contains("\"guard\" : \"mass_delete\"").contains("sync --force");
        assertThat(r.err()).contains("mass delete held back");
    }

    @Test
    void sync_fileAboveTheSizeLimit_everyOtherFileLandsItIsHeldExit3() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").yaml("limits:\n  max-file-size: 4KiB").start()) {
            Path app = Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(app.resolve("small.conf"), "small\n");
            Files.writeString(app.resolve("huge.db"), "x".repeat(10_000));
            Files.writeString(cluster.root("n1").resolve("etc/aliases"), "root: a\n");

            Processes.Ran r = Processes.run(Processes.launcher("sync", "--config", cluster.config("n1").toString()),
                    null, MAX);

            assertThat(r.code()).as(r.all()).isEqualTo(3);
            assertThat(r.out()).contains("HELD").contains("/etc/app/huge.db is 10000 bytes, above limits.max-file-size");
            assertThat(Files.readString(cluster.root("n2").resolve("etc/app/small.conf"))).isEqualTo("small\n");
            assertThat(cluster.root("n2").resolve("etc/aliases")).exists();
            assertThat(cluster.root("n2").resolve("etc/app/huge.db")).doesNotExist();
        }
    }

    /**
     * A directory of 100 files moved out of a 132-file tree while the service runs: its deletes are
     * held back, an unrelated edit still arrives, status says so, and bringing the files back
     * releases them.
     */
    @Test
    void run_massDeleteWithConcurrentEdit_editArrivesDeletesHeldThenReleased() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Path app = Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            TreeGenerator.generate(app.resolve("keep"), 1, 32);
            TreeGenerator.generate(app.resolve("bulk"), 2, 100);
            Files.writeString(cluster.root("n1").resolve("etc/aliases"), "root: a\n");
            Processes.Watched run = cluster.runSource();
            try {
                assertThat(Await.until(cluster.state("n1"), MAX, () -> cluster.differences("n2").isEmpty())).isTrue();

                Files.move(app.resolve("bulk"), tmp.resolve("bulk-moved-away"));
                Files.writeString(cluster.root("n1").resolve("etc/aliases"), "root: b\n");

                Path aliases = cluster.root("n2").resolve("etc/aliases");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.readString(aliases).equals("root: b\n")
                        && StatusFile.text(cluster).contains("the plan deletes 100 of 133 files"))).as(StatusFile.text(cluster)).isTrue();
                assertThat(countFiles(cluster.root("n2").resolve("etc/app/bulk"))).isEqualTo(100);
                Processes.Ran st = Processes.run(Processes.launcher("status", "--config",
                        cluster.config("n1").toString()), null, MAX);
                assertThat(st.code()).as(st.all()).isEqualTo(3);
                assertThat(st.out()).containsPattern("n2 +standby +ready").contains("HELD  mass delete held back");

                Files.move(tmp.resolve("bulk-moved-away"), app.resolve("bulk"));
                assertThat(Await.until(cluster.state("n1"), MAX, () -> Integer.valueOf(0).equals(StatusFile.node(cluster, "n2").get("withheld"))))
                        .as(StatusFile.text(cluster)).isTrue();
                assertThat(Await.until(cluster.state("n1"), MAX, () -> cluster.differences("n2").isEmpty())).isTrue();
            } finally {
                Processes.stop(run.process());
            }
            String log = run.all(Duration.ofSeconds(20));
            assertThat(log.split("mass delete held back", -1)).as("said once: " + log).hasSize(2);
        }
    }


    private static void deleteTree(Path p) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    /** Regular files under a directory; 0 if it does not exist. */
    private static long countFiles(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
