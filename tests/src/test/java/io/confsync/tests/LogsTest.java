package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What an operator reads in the logs and reports, through the launcher: priorities, time stamps, words. */
class LogsTest {

    private static final Duration MAX = Duration.ofSeconds(60);
    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) confsync: ";

    @TempDir
    Path tmp;

    private Path config(String client, int port) throws Exception {
        Files.createDirectories(tmp.resolve("etc/app"));
        Files.writeString(tmp.resolve("etc/app/a.conf"), "a\n");
        Processes.run(Processes.confsync("keygen", "-f", tmp.resolve("id").toString()), null, MAX);
        Path c = tmp.resolve("confsync.yaml");
        Files.writeString(c, String.join("\n", "cluster: logs", "node: n1", "nodes:",
                "  - name: n1", "    address: 127.0.0.1",
                "  - name: n2", "    address: 127.0.0.1", "    port: " + port,
                "sync:", "  - path: " + tmp.resolve("etc/app"),
                "state-dir: " + tmp.resolve("state"),
                "ssh:", "  identity: " + tmp.resolve("id"), "  client: " + client, ""));
        return c;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mina", "openssh"})
    void sync_nodeRefusesConnections_saysConnectRefusedInPlainWords(String client) throws Exception {
        int port = Processes.freePort(); // closed again: nothing listens there
        Processes.Ran r = Processes.run(Processes.confsync("sync", "--config", config(client, port).toString()),
                null, MAX);

        assertThat(r.code()).as(r.all()).isEqualTo(2);
        assertThat(r.out()).as(r.all()).contains("connect to 127.0.0.1:" + port + ": connection refused");
        assertThat(r.all()).doesNotContain("Stream closed").doesNotContain("Future").doesNotContain("null")
                .doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void logLines_underJournalStream_priorityPrefixesElseTimeStamps(boolean journal) throws Exception {
        Path c = config("openssh", Processes.freePort());
        Path err = tmp.resolve("stderr");
        Files.createFile(err);
        Map<String, Object> id = Files.readAttributes(err, "unix:dev,ino");
        ProcessBuilder pb = new ProcessBuilder(Processes.confsync("sync", "--config", c.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().remove("JOURNAL_STREAM");
        if (journal) {
            pb.environment().put("JOURNAL_STREAM", id.get("dev") + ":" + id.get("ino"));
        }
        Process p = pb.start();
        try {
            assertThat(p.waitFor(MAX.toSeconds(), TimeUnit.SECONDS)).isTrue();
        } finally {
            Processes.stop(p);
        }

        List<String> lines = Files.readAllLines(err, StandardCharsets.UTF_8);
        assertThat(lines).as("ssh's refusal is logged as a warning").isNotEmpty();
        if (journal) {
            assertThat(lines).allMatch(l -> l.matches("<[3-7]>(ERROR|WARN |INFO |DEBUG|TRACE).*"), "priority first")
                    .anyMatch(l -> l.startsWith("<4>WARN  ") && l.contains("Connection refused"));
        } else {
            assertThat(lines).allMatch(l -> l.matches(STAMP + "(ERROR|WARN |INFO |DEBUG|TRACE).*"), "time stamp first");
        }
    }

    @org.junit.jupiter.api.Test
    void run_standbyComesBack_oneLineForItsReturnAndOneForWhatTheCatchUpRepaired() throws Exception {
        try (Cluster cluster = new Cluster(tmp.resolve("c")).embedded("n2").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");
            Files.writeString(cluster.root("n1").resolve("etc/app/b.conf"), "b\n");
            Files.writeString(cluster.root("n1").resolve("etc/app/c.conf"), "c\n");
            Processes.Watched n1 = cluster.runSource();
            try {
                n1.await(l -> l.contains("INFO  n2: initial sync done in ") && l.contains("3 create"), MAX);
                cluster.stopServer("n2");
                n1.await(l -> l.contains("WARN  n2: down (connect to 127.0.0.1:" + cluster.port("n2")
                        + ": connection refused)"), MAX);
                Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "changed while n2 was down\n");
                Files.delete(cluster.root("n1").resolve("etc/app/b.conf"));
                cluster.startServer("n2");

                n1.await(l -> l.contains("INFO  n2: back after ") && l.contains(" s down (connect to 127.0.0.1:")
                        && l.endsWith("; catching up"), MAX);
                // What it repaired, counted: the edit, the delete (and the directory's new mtime).
                n1.await(l -> l.contains("INFO  n2: catching up done in ") && l.contains("1 update")
                        && l.contains("1 delete"), MAX);
            } finally {
                Processes.stop(n1.process());
            }
            assertThat(n1.all(MAX)).doesNotContain("null").doesNotContain("Exception");
        }
    }
}
