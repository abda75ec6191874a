package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit}, {@code status --live} and {@code sync} on a node whose {@code run} service is up are run by the
 * service (its log names each command), with the same output and exit code as in a process of
 * their own; a relative {@code --config} resolves in the client's directory, and a client that read
 * another configuration than the service runs with works in its own process.
 */
class CommandHandoffTest {

    private static final Duration MAX = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    /** The launcher in {@code dir}, with {@code CONFSYNC_IN_PROCESS} set or not. */
    private static Processes.Ran launch(Path dir, boolean inProcess, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("CONFSYNC_IN_PROCESS");
        if (inProcess) {
            env.put("CONFSYNC_IN_PROCESS", "1");
        }
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", dir.toString()));
        cmd.addAll(Processes.confsync(args));
        return Processes.run(cmd, env, MAX);
    }

    /**
     * n1 holding etc/app/a.conf, its {@code run --debug} started (the log names each handed-off
     * command at debug), and every one of {@code standbys} brought to it; the service is stopped if
     * they are not.
     */
    private static Processes.Watched sourceRunning(Cluster cluster, String... standbys) throws Exception {
        Files.writeString(Files.createDirectories(cluster.root("n1").resolve("etc/app")).resolve("a.conf"), "a\n");
        Processes.Watched run = Processes.Watched.start(Processes.confsync("run", "--debug", "--config",
                cluster.config("n1").toString()), l -> l.contains("is the source of"), MAX);
        try {
            assertThat(io.confsync.manifest.Await.until(cluster.state("n1"), MAX, () -> {
                for (String s : standbys) {
                    if (!cluster.manifest(s).equals(cluster.manifest("n1"))) {
                        return false;
                    }
                }
                return true;
            })).isTrue();
            return run;
        } catch (Exception | AssertionError e) {
            Processes.stop(run.process());
            throw e;
        }
    }

    @Test
    void audit_andStatusLive_runByTheServiceWithTheSameOutputAndCode() throws Exception {
        // Drift reported, not put back: the two runs of each command must see the same cluster.
        try (Cluster cluster = new Cluster(tmp).yaml("standby-changes: report").embedded("n2").embedded("n3").start()) {
            Path configs = cluster.config("n1").getParent();
            String n1 = cluster.config("n1").getFileName().toString();
            Processes.Watched run = sourceRunning(cluster, "n2", "n3");
            try {
                Files.writeString(cluster.root("n3").resolve("etc/app/a.conf"), "edited on n3\n");

                for (List<String> command : List.of(List.of("audit"), List.of("audit", "--node", "n2"),
                        List.of("status", "--live"))) {
                    List<String> line = new ArrayList<>(command);
                    line.addAll(List.of("-c", n1));
                    String[] args = line.toArray(String[]::new);
                    Processes.Ran here = launch(configs, true, args);
                    Processes.Ran handed = launch(configs, false, args);
                    assertThat(handed.code()).as(handed.all()).isEqualTo(here.code());
                    assertThat(handed.out()).as(handed.all()).isEqualTo(here.out());
                    assertThat(handed.err()).as(handed.all()).isEqualTo(here.err());
                    run.await(l -> l.contains("handed-off command: " + String.join(" ", args)), MAX);
                }
                assertThat(launch(configs, false, "audit", "-c", n1).code()).as("n3 drifted").isEqualTo(1);

                // A configuration the service has not reloaded: the client says so and works itself.
                Files.writeString(cluster.config("n1"), Files.readString(cluster.config("n1")) + "# edited\n");
                Processes.Ran stale = launch(configs, false, "audit", "-c", n1);
                assertThat(stale.code()).as(stale.all()).isEqualTo(1);
                assertThat(stale.err()).contains("not handed to the running service (this service runs with "
                        + "another configuration; reload it to take the new one); running in this process");
                assertThat(stale.out()).contains("n3");
            } finally {
                Processes.stop(run.process());
            }
            assertThat(Files.exists(cluster.state("n1").resolve("command.sock"))).as("removed at the end").isFalse();
        }
    }

    @Test
    void sync_handedToTheSource_sameDryRunThenRepairsTheStandby() throws Exception {
        try (Cluster cluster = new Cluster(tmp).yaml("standby-changes: report").embedded("n2").start()) {
            Path configs = cluster.config("n1").getParent();
            String n1 = cluster.config("n1").getFileName().toString();
            Processes.Watched run = sourceRunning(cluster, "n2");
            try {
                Path edited = cluster.root("n2").resolve("etc/app/a.conf");
                Files.writeString(edited, "edited on n2\n"); // reported, not put back: the sync repairs it

                String[] dryRun = {"sync", "--dry-run", "-c", n1};
                Processes.Ran here = launch(configs, true, dryRun);
                Processes.Ran handed = launch(configs, false, dryRun);
                assertThat(handed.code()).as(handed.all()).isEqualTo(here.code()).isZero();
                assertThat(handed.out()).as(handed.all()).isEqualTo(here.out()).contains("etc/app/a.conf");
                assertThat(handed.err()).as(handed.all()).isEqualTo(here.err());
                run.await(l -> l.contains("handed-off command: " + String.join(" ", dryRun)), MAX);
                assertThat(Files.readString(edited)).as("a dry run changes nothing").isEqualTo("edited on n2\n");

                Processes.Ran synced = launch(configs, false, "sync", "-c", n1);
                assertThat(synced.code()).as(synced.all()).isZero();
                assertThat(synced.out()).as(synced.all()).contains("n2");
                run.await(l -> l.contains("handed-off command: sync -c " + n1), MAX);
                assertThat(Files.readString(edited)).isEqualTo("a\n");
                assertThat(cluster.manifest("n2")).isEqualTo(cluster.manifest("n1"));
            } finally {
                Processes.stop(run.process());
            }
        }
    }

    /** With MINA, a channel on the push's session; with OpenSSH, a session multiplexed over the push's ssh. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mina", "openssh"})
    void audit_handedToTheSource_opensChannelsOnThePushSessions(String client) throws Exception {
        try (Cluster cluster = new Cluster(tmp).client(client).embedded("n2").start()) {
            Files.writeString(Files.createDirectories(cluster.root("n1").resolve("etc/app")).resolve("a.conf"), "a\n");
            cluster.stopServer("n2");
            Processes.Watched serve = Processes.Watched.start(Processes.confsync("serve", "--debug", "--config",
                    cluster.config("n2").toString()), l -> l.contains("serving n2"), MAX);
            Processes.Watched run = Processes.Watched.start(Processes.confsync("run", "--config",
                    cluster.config("n1").toString()), l -> l.contains("is the source of"), MAX);
            try {
                assertThat(io.confsync.manifest.Await.until(cluster.state("n1"), MAX,
                        () -> cluster.manifest("n2").equals(cluster.manifest("n1")))).isTrue();
                long pushes = sessions(serve);
                assertThat(pushes).as(serve.seen()).isEqualTo(1);

                Processes.Ran handed = launch(cluster.config("n1").getParent(), false, "audit", "-c",
                        cluster.config("n1").toString());
                assertThat(handed.code()).as(handed.all()).isZero();
                serve.await(nth("read-only session from n1", 1), MAX);
                assertThat(sessions(serve)).as("a channel on the push's session: " + serve.seen()).isEqualTo(pushes);

                Processes.Ran own = launch(cluster.config("n1").getParent(), true, "audit", "-c",
                        cluster.config("n1").toString());
                assertThat(own.code()).as(own.all()).isZero();
                serve.await(nth("read-only session from n1", 2), MAX);
                assertThat(sessions(serve)).as("a process of its own connects: " + serve.seen()).isEqualTo(pushes + 1);
            } finally {
                Processes.stop(run.process());
                Processes.stop(serve.process());
            }
        }
    }

    /** Matches the {@code n}th line that contains {@code text} (a line log is read once, in order). */
    private static java.util.function.Predicate<String> nth(String text, int n) {
        int[] seen = {0};
        return l -> l.contains(text) && ++seen[0] >= n;
    }

    /** The SSH sessions the standby's server has accepted, from its debug log (in order: a session logs before its channels). */
    private static long sessions(Processes.Watched serve) {
        return serve.seen().lines().filter(l -> l.contains("SSH session from ")).count();
    }
}
