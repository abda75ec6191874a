package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Await;
import io.confsync.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On-change hooks run by standbys after batches pushed by {@code confsync run}. */
class HookServiceTest {

    @TempDir
    Path tmp;
    Cluster cluster;
    Process run;

    @AfterEach
    void tearDown() {
        Processes.stop(run);
        cluster.close();
    }

    private Path start(String hook) throws Exception {
        cluster = new Cluster(tmp).hook(hook).embedded("n2").start();
        Path app = Files.createDirectories(cluster.root("n1").resolve("etc/app"));
        Files.writeString(app.resolve("main.conf"), "v1\n");
        Files.createDirectories(cluster.state("n1"));
        run = cluster.runSource().process();
        return app;
    }

    @Test
    void run_hook_runsOncePerBatchWithChangedPaths() throws Exception {
        Path log = tmp.resolve("hook-n2.log");
        Path app = start("echo \"batch:$CONFSYNC_CHANGED\" >> " + tmp + "/hook-$CONFSYNC_NODE.log");
        assertThat(Await.until(cluster.state("n1"), Duration.ofSeconds(30), () -> Files.exists(log))).isTrue();
        String first = Files.readString(log);
        assertThat(first.lines().filter(l -> l.startsWith("batch:"))).hasSize(1);

        Files.writeString(app.resolve("main.conf"), "v2\n");

        assertThat(Await.until(cluster.state("n1"), Duration.ofSeconds(30),
                () -> Files.readString(log).lines().filter(l -> l.startsWith("batch:")).count() == 2)).isTrue();
        assertThat(Files.readString(log).substring(first.length())).isEqualTo("batch:/etc/app/main.conf\n");
    }

    @Test
    void run_failingHook_showsInStatusAndKeepsFiles() throws Exception {
        start("echo cannot reload >&2; exit 7");

        assertThat(Await.until(cluster.state("n1"), Duration.ofSeconds(30), () -> {
            CliRun s = CliRun.of("status", "--config", cluster.config("n1").toString());
            return s.out().contains("FAILED") && s.out().contains("exit 7");
        })).isTrue();
        assertThat(Files.readString(cluster.root("n2").resolve("etc/app/main.conf"))).isEqualTo("v1\n");
    }
}
