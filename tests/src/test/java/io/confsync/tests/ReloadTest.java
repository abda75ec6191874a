package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP on the running services, as {@code systemctl reload} sends it. */
class ReloadTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;



    @Test
    void sighup_newNodeAndNewSyncEntry_joinedAndServed() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");
            Processes.Watched n1 = cluster.runSource();
            try {
                assertThat(Await.until(cluster.state("n1"), MAX, () -> StatusFile.ready(cluster, "n2"))).as(StatusFile.text(cluster)).isTrue();

                Files.createDirectories(cluster.root("n1").resolve("etc/extra"));
                Files.writeString(cluster.root("n1").resolve("etc/extra/new.conf"), "new entry\n");
                cluster.sync("  - path: /etc/extra");
                cluster.join("n3"); // rewrites every config and starts n3's server with the new one
                Processes.signal(cluster.server("n2"), "HUP");
                Processes.signal(n1.process(), "HUP");

                n1.await(l -> l.contains("reload: ") && l.contains("node added: n3")
                        && l.contains("sync entry added: /etc/extra"), MAX);
                Path n2Extra = cluster.root("n2").resolve("etc/extra/new.conf");
                Path n3Extra = cluster.root("n3").resolve("etc/extra/new.conf");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.exists(n2Extra) && Files.exists(n3Extra)
                        && StatusFile.ready(cluster, "n2") && StatusFile.ready(cluster, "n3"))).as(n1.seen()).isTrue();
                assertThat(Files.readString(cluster.root("n3").resolve("etc/app/a.conf"))).isEqualTo("a\n");

                Files.writeString(cluster.root("n1").resolve("etc/extra/new.conf"), "changed after the reload\n");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.readString(n3Extra)
                        .equals("changed after the reload\n") && Files.readString(n2Extra)
                        .equals("changed after the reload\n"))).as(n1.seen()).isTrue();
            } finally {
                Processes.stop(n1.process());
            }
            assertThat(n1.all(MAX)).doesNotContain("batch aborted").doesNotContain("Exception");
        }
    }

    @Test
    void run_startedWithSighupIgnored_saysAReloadDoesNothing() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("nohup"));
            command.addAll(Processes.confsync("run", "--config", cluster.config("n1").toString()));
            Processes.Watched n1 = Processes.Watched.start(command,
                    l -> l.contains("WARN  SIGHUP is ignored by the process that started this one (nohup?)")
                            && l.contains("restart the service to take a new configuration"), MAX);
            Processes.stop(n1.process());
            assertThat(n1.all(MAX)).doesNotContain("SIGTERM is ignored");
        }
    }

    @Test
    void sighup_configThatDoesNotValidate_refusedAndSyncGoesOnWithTheOld() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");
            Processes.Watched n1 = cluster.runSource();
            try {
                assertThat(Await.until(cluster.state("n1"), MAX, () -> StatusFile.ready(cluster, "n2"))).as(StatusFile.text(cluster)).isTrue();
                Path config = cluster.config("n1");
                String good = Files.readString(config);
                Files.writeString(config, good.replace("state-dir:", "state-dri:"));

                Processes.signal(n1.process(), "HUP");

                n1.await(l -> l.contains("ERROR reload failed at ") && l.contains(config + ":")
                        && l.contains("unknown key 'state-dri'") && l.contains("still running on the configuration"), MAX);
                assertThat(Await.until(cluster.state("n1"), MAX, () -> StatusFile.text(cluster).contains("reload failed")))
                        .as(StatusFile.text(cluster)).isTrue();
                Processes.Ran shown = Processes.run(Processes.confsync("status", "--config",
                        cluster.dir.resolve("config/n2.yaml").toString(), "--state-dir",
                        cluster.state("n1").toString()), null, MAX);
                assertThat(shown.code()).as(shown.all()).isEqualTo(2);
                assertThat(shown.out()).contains("ALARM reload failed at ");

                Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "still synced\n");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.readString(cluster.root("n2")
                        .resolve("etc/app/a.conf")).equals("still synced\n"))).as(n1.seen()).isTrue();

                Files.writeString(config, good);
                Processes.signal(n1.process(), "HUP");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> !StatusFile.text(cluster).contains("reload failed")))
                        .as(StatusFile.text(cluster)).isTrue();
            } finally {
                Processes.stop(n1.process());
            }
        }
    }

    @Test
    void sighup_duringALargeBatch_theBatchIsNotCut() throws Exception {
        Path started = tmp.resolve("hook-started");
        Path release = tmp.resolve("hook-release");
        // The standby's hook runs inside the batch (its result is part of the batch's answer): while it
        // waits, the batch is in flight on the source, deterministically.
        String hook = "touch " + started + "; i=0; while [ ! -e " + release + " ] && [ $i -lt 300 ]; do sleep 0.05; "
                + "i=$((i+1)); done";
        try (Cluster cluster = new Cluster(tmp).embedded("n2").hook(hook).start()) {
            TreeGenerator.generate(cluster.root("n1").resolve("etc/app/gen"), 4, 400);
            Processes.Watched n1 = cluster.runSource();
            try {
                assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.exists(started))).as(n1.seen()).isTrue();
                Path config = cluster.config("n1");
                Files.writeString(config, Files.readString(config) + "# reloaded during the batch\n");

                Processes.signal(n1.process(), "HUP");
                n1.await(l -> l.contains("waiting for the batch in flight to n2"), MAX);
                Files.createFile(release);

                n1.await(l -> l.contains("n2: initial sync done in "), MAX);
                n1.await(l -> l.contains("reload: ") && l.contains("settings changed"), MAX);
                assertThat(Await.until(cluster.state("n1"), MAX, () -> cluster.differences("n2").isEmpty()
                        && StatusFile.ready(cluster, "n2"))).as(n1.seen()).isTrue();
            } finally {
                Processes.stop(n1.process());
            }
            String all = n1.all(MAX);
            assertThat(all).doesNotContain("batch aborted").doesNotContain("n2: down");
        }
    }
}
