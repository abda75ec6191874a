package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Await;
import io.confsync.transfer.ssh.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live service's states mean one thing each, decided from the failure's kind. */
class StatesTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void run_standbyDownAndStandbyWithChangedHostKey_downAndRefused() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").embedded("n3").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");
            cluster.stopServer("n2");
            // n3's known_hosts line now names another key: a changed host key.
            String other = SshKeys.publicLine(SshKeys.readOrCreate(tmp.resolve("other_key"), "x").getPublic());
            String known = Files.readString(cluster.keys.resolve("known_hosts"));
            String n3Line = known.lines().filter(l -> l.startsWith("[127.0.0.1]:" + cluster.port("n3") + " ")).findFirst()
                    .orElseThrow();
            Files.writeString(cluster.keys.resolve("known_hosts"), known.replace(n3Line,
                    n3Line.substring(0, n3Line.indexOf(' ')) + " " + other));
            Processes.Watched run = cluster.runSource();
            try {
                assertThat(Await.until(cluster.state("n1"), MAX, () -> StatusFile.state(cluster, "n2").equals("down")
                        && StatusFile.state(cluster, "n3").equals("refused"))).as(StatusFile.text(cluster)).isTrue();
                assertThat(StatusFile.text(cluster)).contains("connect to 127.0.0.1:" + cluster.port("n2") + ": connection refused").contains("HOST KEY CHANGED");
            } finally {
                Processes.stop(run.process());
            }
        }
    }



    @Test
    void run_standbyDownWithEditsPending_lagsAlarmsThenCatchesUpToZero() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").yaml("alarm-after: 2s").start()) {
            Path app = cluster.root("n1").resolve("etc/app");
            Files.createDirectories(app);
            Files.writeString(app.resolve("a.conf"), "a\n");
            Processes.Watched run = cluster.runSource();
            try {
                assertThat(Await.until(cluster.state("n1"), MAX, () -> lag(cluster, "seq_lag") == 0
                        && StatusFile.ready(cluster, "n2"))).as(StatusFile.text(cluster)).isTrue();

                cluster.stopServer("n2");
                Files.writeString(app.resolve("a.conf"), "a, changed while n2 is down\n");
                Files.writeString(app.resolve("b.conf"), "b, new while n2 is down\n");
                // Three paths pending (a.conf, b.conf, and etc/app, whose mtime b.conf changed) and at
                // least one change set behind; the age of the oldest grows while n2 is retried, and it
                // stays down since it went down.
                assertThat(Await.until(cluster.state("n1"), MAX, () -> StatusFile.state(cluster, "n2").equals("down")
                        && lag(cluster, "pending_paths") == 3 && lag(cluster, "seq_lag") >= 1))
                        .as(StatusFile.text(cluster)).isTrue();
                Object since = StatusFile.node(cluster, "n2").get("since");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> lag(cluster, "lag_seconds") >= 4))
                        .as(StatusFile.text(cluster)).isTrue(); // retried after 0.5, 1 and 2 s meanwhile
                assertThat(StatusFile.node(cluster, "n2").get("since")).as(StatusFile.text(cluster)).isEqualTo(since);
                assertThat(StatusFile.state(cluster, "n2")).isEqualTo("down");
                Processes.Ran shown = Processes.run(Processes.confsync("status", "--config",
                        cluster.config("n1").toString()), null, MAX);
                assertThat(shown.code()).as(shown.all()).isEqualTo(2);
                assertThat(shown.out()).containsPattern("n2 +standby +down .* [1-9]\\d* +3 +[0-9.]+ s")
                        .contains("n2  error at ").contains("connection refused")
                        .contains("ALARM n2: down since " + since + " (longer than alarm-after, 2 s)");

                cluster.startServer("n2");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> StatusFile.ready(cluster, "n2")
                        && lag(cluster, "seq_lag") == 0 && lag(cluster, "pending_paths") == 0
                        && lag(cluster, "lag_seconds") == 0)).as(StatusFile.text(cluster)).isTrue();
                assertThat(Files.readString(cluster.root("n2").resolve("etc/app/b.conf"))).isEqualTo("b, new while n2 is down\n");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> run.seen().contains("ALARM over: n2: down since")))
                        .as(run.seen()).isTrue();
            } finally {
                Processes.stop(run.process());
            }
            assertThat(run.all(MAX).split("ERROR ALARM n2: down since", -1)).as("raised once").hasSize(2);
        }
    }

    /** A number of n2's line in status.json; -1 when absent or null. */
    private static double lag(Cluster cluster, String key) throws java.io.IOException {
        return StatusFile.node(cluster, "n2").get(key) instanceof Number n ? n.doubleValue() : -1;
    }
}
