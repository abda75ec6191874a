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
            Processes.Watched run = Processes.Watched.start(Processes.confsync("run", "--config",
                    cluster.config("n1").toString()), l -> l.contains("is the source"), MAX);
            try {
                assertThat(Await.until(cluster.state("n1"), MAX, () -> state(cluster, "n2").equals("down")
                        && state(cluster, "n3").equals("refused"))).as(status(cluster)).isTrue();
                assertThat(status(cluster)).contains("connect to 127.0.0.1:" + cluster.port("n2") + ": connection refused").contains("HOST KEY CHANGED");
            } finally {
                Processes.stop(run.process());
            }
        }
    }

    private static String status(Cluster cluster) throws java.io.IOException {
        Path f = cluster.state("n1").resolve("status.json");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private static String state(Cluster cluster, String node) throws java.io.IOException {
        var m = java.util.regex.Pattern.compile("\"node\" : \"" + node + "\",\\s*\"role\" : \"\\w+\",\\s*\"state\" : "
                + "\"([^\"]+)\"").matcher(status(cluster));
        return m.find() ? m.group(1) : "";
    }
}
