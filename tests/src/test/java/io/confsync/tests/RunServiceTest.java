package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Await;
import io.confsync.cli.CliRun;
import io.confsync.manifest.PathRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code confsync run} on the source with two standbys running {@code confsync serve}. */
class RunServiceTest {

    private static final Duration MAX = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    Cluster cluster;
    Process run;
    Path etc;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").embedded("n3").start();
        etc = Files.createDirectories(cluster.root("n1").resolve("etc/app"));
        Files.writeString(etc.resolve("main.conf"), "v1\n");
        Files.writeString(cluster.root("n1").resolve("etc/aliases"), "root: a\n");
        Files.createDirectories(cluster.state("n1"));
        run = startRun();
    }

    private Process startRun() throws Exception {
        return cluster.runSource().process();
    }

    @AfterEach
    void tearDown() {
        Processes.stop(run);
        cluster.close();
    }

    private boolean inSync(String... nodes) throws Exception {
        return Await.until(cluster.state("n1"), MAX, () -> {
            for (String n : nodes) {
                if (!cluster.differences(n).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void run_everyKindOfChange_propagatesToBothStandbys() throws Exception {
        assertThat(inSync("n2", "n3")).as("initial catch-up").isTrue();

        Files.writeString(etc.resolve("main.conf"), "v2\n");
        Files.createDirectories(etc.resolve("conf.d/deep"));
        Files.writeString(etc.resolve("conf.d/deep/x.conf"), "x\n");
        Files.createSymbolicLink(etc.resolve("current"), Path.of("main.conf"));
        Files.setAttribute(etc.resolve("main.conf"), "unix:mode", 0640);
        if ("root".equals(System.getProperty("user.name"))) {
            var users = etc.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(etc.resolve("conf.d/deep/x.conf"), users.lookupPrincipalByName("nobody"));
        }
        Path saved = Files.writeString(cluster.root("n1").resolve("etc/.aliases.swp"), "root: b\n");
        Files.move(saved, cluster.root("n1").resolve("etc/aliases"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(inSync("n2", "n3")).as("creates, edits, symlink, chmod, atomic save").isTrue();

        Files.move(etc.resolve("conf.d/deep/x.conf"), etc.resolve("conf.d/y.conf"));
        Files.delete(etc.resolve("conf.d/deep"));
        Files.delete(etc.resolve("current"));
        assertThat(inSync("n2", "n3")).as("rename, rmdir, delete").isTrue();
        assertThat(Files.readString(cluster.root("n2").resolve("etc/aliases"))).isEqualTo("root: b\n");
    }

    @Test
    void run_localEditOnStandby_isRevertedReportedAndBackedUp() throws Exception {
        assertThat(inSync("n2", "n3")).isTrue();
        Path drifted = cluster.root("n2").resolve("etc/app/main.conf");

        Files.writeString(drifted, "edited by hand on n2\n");

        assertThat(inSync("n2")).as("reverted").isTrue();
        assertThat(Files.readString(drifted)).isEqualTo("v1\n");
        try (Stream<Path> s = Files.walk(cluster.state("n2").resolve("backups"))) {
            assertThat(s.filter(p -> p.endsWith("files/etc/app/main.conf")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).contains("edited by hand on n2\n");
        }
        // Put back once, and nothing differs now.
        assertThat(Await.until(cluster.state("n1"), MAX, () -> Integer.valueOf(1).equals(StatusFile.node(cluster, "n2")
                .get("reverted")) && Integer.valueOf(0).equals(StatusFile.node(cluster, "n2").get("drift_now"))))
                .as(StatusFile.text(cluster)).isTrue();
    }

    @Test
    void run_burstOf2000Files_converges() throws Exception {
        assertThat(inSync("n2")).isTrue();
        Path burst = Files.createDirectories(etc.resolve("burst"));
        for (int i = 0; i < 2000; i++) {
            Files.writeString(burst.resolve("f" + i + ".conf"), "value " + i + "\n");
        }
        assertThat(inSync("n2", "n3")).isTrue();
    }

    @Test
    void run_standbyRestarted_catchesUp() throws Exception {
        assertThat(inSync("n2", "n3")).isTrue();
        cluster.stopServer("n3");
        Files.writeString(etc.resolve("while-down.conf"), "missed\n");
        assertThat(inSync("n2")).isTrue();

        cluster.startServer("n3");

        assertThat(inSync("n3")).as("n3 caught up after restart").isTrue();
        CliRun status = CliRun.of("status", "--config", cluster.config("n1").toString());
        assertThat(status.out()).contains("n3").contains("ready");
    }

    @Test
    void run_sigterm_exitsZeroLeavingNoTemporaries() throws Exception {
        assertThat(inSync("n2")).isTrue();
        for (int i = 0; i < 300; i++) {
            Files.writeString(etc.resolve("t" + i + ".conf"), "x".repeat(10_000) + i);
        }

        run.destroy();

        assertThat(run.waitFor(40, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isZero();
        for (String n : new String[] {"n2", "n3"}) {
            try (Stream<Path> s = Files.walk(cluster.root(n))) {
                assertThat(s.filter(p -> PathRules.isTempName(p.getFileName().toString()))).isEmpty();
            }
        }
    }
}
