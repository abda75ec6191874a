package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCF resource agent (packaging/src/deb/ha/confsync) driven as Pacemaker drives it, on a
 * loopback cluster of {@code source: managed} nodes: each action is the agent's real process with
 * the environment Pacemaker gives it, each node's service is the {@code confsync run} the agent
 * starts. Also Debian's {@code ocf-tester} on the agent.
 */
class HaAgentTest {

    private static final Duration MAX = Duration.ofSeconds(120);
    private static final int OK = 0;
    private static final int GENERIC = 1;
    private static final int NOT_RUNNING = 7;
    private static final int PROMOTED = 8;
    private static final int FAILED_PROMOTED = 9;

    @TempDir
    Path tmp;

    /** The agent, and a confsync command for it that neither builds nor dumps class data. */
    private record Agent(Path script, Path binary) {
    }

    private static Path repo() {
        return Processes.launcherScript().getParent();
    }

    /** Copies the agent into a directory anyone may read (ocf-tester runs meta-data as nobody). */
    private Agent install(Path dir) throws IOException {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = dir.resolve("confsync-ocf");
        Files.copy(repo().resolve("packaging/src/deb/ha/confsync"), script);
        Path binary = dir.resolve("confsync");
        Files.writeString(binary, "#!/bin/sh\nexec " + String.join(" ", Processes.launcher()) + " \"$@\"\n");
        for (Path p : List.of(script, binary)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return new Agent(script, binary);
    }

    /** Pacemaker's environment for one node's instance. */
    private Map<String, String> env(Cluster cluster, Agent agent, String node, boolean forceWhenFenced)
            throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
        env.put("OCF_ROOT", "/usr/lib/ocf");
        env.put("OCF_RESOURCE_INSTANCE", "confsync");
        env.put("HA_RSCTMP", tmp.resolve("rsc-" + node).toString());
        env.put("OCF_RESKEY_config", cluster.config(node).toString());
        env.put("OCF_RESKEY_binary", agent.binary().toString());
        env.put("OCF_RESKEY_log", tmp.resolve("ocf-" + node + ".log").toString());
        env.put("OCF_RESKEY_force_when_fenced", String.valueOf(forceWhenFenced));
        return env;
    }

    private Processes.Ran act(Cluster cluster, Agent agent, String node, String action) throws Exception {
        return act(cluster, agent, node, action, false);
    }

    private Processes.Ran act(Cluster cluster, Agent agent, String node, String action, boolean forceWhenFenced)
            throws Exception {
        return Processes.run(List.of("/bin/sh", agent.script().toString(), action),
                env(cluster, agent, node, forceWhenFenced), MAX);
    }

    /** Every node's monitor code, in node order. */
    private Map<String, Integer> monitor(Cluster cluster, Agent agent, List<String> nodes) throws Exception {
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (String n : nodes) {
            codes.put(n, act(cluster, agent, n, "monitor").code());
        }
        return codes;
    }

    /** The seq in a node's cluster-state file. */
    private static long seq(Cluster cluster, String node) throws IOException {
        for (String line : Files.readAllLines(cluster.state(node).resolve("cluster-state"))) {
            if (line.startsWith("seq: ")) {
                return Long.parseLong(line.substring(5).strip());
            }
        }
        throw new IOException("no seq in " + node + "'s cluster-state");
    }

    /** Until {@code node} holds the change sets {@code of} has made (its commit is durable after its files). */
    private static boolean holdsAllOf(Cluster cluster, String node, String of) throws Exception {
        return Await.until(cluster.state(node), MAX, () -> seq(cluster, node) == seq(cluster, of));
    }

    private static boolean arrived(Cluster cluster, String node, String content) throws Exception {
        Path file = cluster.root(node).resolve("etc/app/ha.conf");
        return Await.until(cluster.root(node).resolve("etc/app"), MAX,
                () -> Files.exists(file) && Files.readString(file).equals(content));
    }

    @Test
    void agent_pacemakerMovesThePromotedRole_oneSourceAtATimeAndNothingLost() throws Exception {
        List<String> nodes = List.of("n1", "n2", "n3");
        Agent agent = install(tmp.resolve("agent"));
        try (Cluster cluster = new Cluster(tmp.resolve("c")).yaml("source: managed").embedded("n2").embedded("n3")
                .start()) {
            for (String n : nodes) {
                Files.createDirectories(cluster.root(n).resolve("etc/app"));
            }
            cluster.startServer("n1");
            try {
                for (String n : nodes) {
                    Processes.Ran started = act(cluster, agent, n, "start");
                    assertThat(started.code()).as(n + " start: " + started.all()).isEqualTo(OK);
                }
                assertThat(monitor(cluster, agent, nodes)).as("managed: no source before a promote")
                        .containsExactly(Map.entry("n1", OK), Map.entry("n2", OK), Map.entry("n3", OK));

                // Pacemaker promotes n2 (the VIP is there): the only promoted instance; its edits reach all.
                Processes.Ran promoted = act(cluster, agent, "n2", "promote");
                assertThat(promoted.code()).as(promoted.all()).isEqualTo(OK);
                assertThat(monitor(cluster, agent, nodes))
                        .containsExactly(Map.entry("n1", OK), Map.entry("n2", PROMOTED), Map.entry("n3", OK));
                Files.writeString(cluster.root("n2").resolve("etc/app/ha.conf"), "from n2\n");
                assertThat(arrived(cluster, "n1", "from n2\n") && arrived(cluster, "n3", "from n2\n")).isTrue();

                // A switchover: demote n2 (it pushes no more), then promote n3.
                assertThat(act(cluster, agent, "n2", "demote").code()).isEqualTo(OK);
                assertThat(holdsAllOf(cluster, "n3", "n2")).isTrue();
                assertThat(monitor(cluster, agent, nodes)).as("between demote and promote: none")
                        .containsExactly(Map.entry("n1", OK), Map.entry("n2", OK), Map.entry("n3", OK));
                assertThat(act(cluster, agent, "n3", "promote").code()).isEqualTo(OK);
                assertThat(monitor(cluster, agent, nodes))
                        .containsExactly(Map.entry("n1", OK), Map.entry("n2", OK), Map.entry("n3", PROMOTED));
                Files.writeString(cluster.root("n3").resolve("etc/app/ha.conf"), "from n3\n");
                assertThat(arrived(cluster, "n1", "from n3\n") && arrived(cluster, "n2", "from n3\n")).isTrue();

                // n1 goes away and misses an edit; then n3, the source, is lost.
                assertThat(act(cluster, agent, "n1", "stop").code()).isEqualTo(OK);
                assertThat(act(cluster, agent, "n1", "monitor").code()).isEqualTo(NOT_RUNNING);
                cluster.stopServer("n1");
                Files.writeString(cluster.root("n3").resolve("etc/app/ha.conf"), "n1 missed this\n");
                assertThat(arrived(cluster, "n2", "n1 missed this\n") && holdsAllOf(cluster, "n2", "n3")).isTrue();
                assertThat(act(cluster, agent, "n3", "stop").code()).isEqualTo(OK);
                cluster.stopServer("n3");
                cluster.startServer("n1");
                assertThat(act(cluster, agent, "n1", "start").code()).isEqualTo(OK);

                // n1 is behind n2, which answers: refused, so Pacemaker tries elsewhere.
                Processes.Ran behind = act(cluster, agent, "n1", "promote", true);
                assertThat(behind.code()).as(behind.all()).isEqualTo(GENERIC);
                assertThat(Files.readString(tmp.resolve("ocf-n1.log")) + behind.err())
                        .contains("n2 holds newer configuration");
                // n2 is up to date, but n3 cannot be asked: refused unless n3 was fenced.
                Processes.Ran unfenced = act(cluster, agent, "n2", "promote", false);
                assertThat(unfenced.code()).as(unfenced.all()).isEqualTo(GENERIC);
                assertThat(unfenced.err()).contains("the current source n3 cannot be reached");
                assertThat(monitor(cluster, agent, List.of("n1", "n2")))
                        .containsExactly(Map.entry("n1", OK), Map.entry("n2", OK));
                Processes.Ran fenced = act(cluster, agent, "n2", "promote", true);
                assertThat(fenced.code()).as(fenced.all()).isEqualTo(OK);
                assertThat(monitor(cluster, agent, List.of("n1", "n2")))
                        .containsExactly(Map.entry("n1", OK), Map.entry("n2", PROMOTED));
                assertThat(arrived(cluster, "n1", "n1 missed this\n")).as("the resync brought n1 in line").isTrue();

                // The old source comes back: the agent starts it unpromoted, so it never pushes.
                cluster.startServer("n3");
                assertThat(act(cluster, agent, "n3", "start").code()).isEqualTo(OK);
                assertThat(monitor(cluster, agent, nodes))
                        .containsExactly(Map.entry("n1", OK), Map.entry("n2", PROMOTED), Map.entry("n3", OK));
                Files.writeString(cluster.root("n2").resolve("etc/app/ha.conf"), "after the failover\n");
                assertThat(arrived(cluster, "n1", "after the failover\n")
                        && arrived(cluster, "n3", "after the failover\n")).isTrue();

                // A split brain recorded on n2 (another node claimed its epoch): failed promoted, and
                // it pushes no more (the state refuses both claimants).
                new io.confsync.conf.ClusterStateStore(cluster.state("n2"), "test").update(s ->
                        new io.confsync.conf.ClusterState(s.cluster(), s.epoch(), s.source(), s.seq(), "n3"));
                assertThat(act(cluster, agent, "n2", "monitor").code()).isEqualTo(FAILED_PROMOTED);
                assertThat(act(cluster, agent, "n3", "monitor").code()).as("a bystander").isEqualTo(OK);
            } finally {
                for (String n : nodes) {
                    act(cluster, agent, n, "stop");
                }
            }
            for (String n : nodes) {
                assertThat(act(cluster, agent, n, "monitor").code()).isEqualTo(NOT_RUNNING);
            }
        }
    }

    @Test
    void ocfTester_oneManagedNode_passesEveryCheck() throws Exception {
        Agent agent = install(tmp.resolve("agent"));
        try (Cluster cluster = new Cluster(tmp.resolve("c")).yaml("source: managed").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Map<String, String> env = env(cluster, agent, "n1", false);
            try {
                Processes.Ran r = Processes.run(List.of("/usr/sbin/ocf-tester", "-v", "-n", "confsync",
                        "-o", "config=" + cluster.config("n1"), "-o", "binary=" + agent.binary(),
                        "-o", "log=" + tmp.resolve("ocf-n1.log"), agent.script().toString()), env, MAX);
                Path log = tmp.resolve("ocf-n1.log");
                assertThat(r.code()).as(r.all() + "\nthe service's log:\n" + (Files.exists(log) ? Files.readString(log) : ""))
                        .isZero();
                assertThat(r.out()).contains("passed all tests");
            } finally {
                act(cluster, agent, "n1", "stop");
            }
        }
    }

    /** keepalived's notify script as keepalived runs it: {@code keepalived-notify INSTANCE VI_1 STATE}. */
    private Processes.Ran notify(Cluster cluster, Agent agent, String node, String state, boolean fenced)
            throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("LANG", "C.UTF-8");
        env.put("CONFSYNC_CONFIG", cluster.config(node).toString());
        env.put("CONFSYNC_BINARY", agent.binary().toString());
        if (fenced) {
            env.put("CONFSYNC_FORCE_WHEN_FENCED", "true");
        }
        return Processes.run(List.of("/bin/sh", repo().resolve("packaging/src/deb/ha/keepalived-notify").toString(),
                "INSTANCE", "VI_1", state), env, MAX);
    }

    /** The first word of {@code confsync role} on a node. */
    private static String role(Cluster cluster, Agent agent, String node) throws Exception {
        Processes.Ran r = Processes.run(List.of(agent.binary().toString(), "role", "-c", cluster.config(node).toString()),
                null, MAX);
        assertThat(r.code()).as(r.all()).isZero();
        return r.out().split(" ")[0];
    }

    @Test
    void keepalivedNotify_masterPromotesBackupAndFaultStepDown_refusedWithoutFencing() throws Exception {
        Agent agent = install(tmp.resolve("agent"));
        try (Cluster cluster = new Cluster(tmp.resolve("c")).yaml("source: managed").embedded("n2").start()) {
            for (String n : List.of("n1", "n2")) {
                Files.createDirectories(cluster.root(n).resolve("etc/app"));
            }
            cluster.startServer("n1");
            Map<String, Processes.Watched> runs = new LinkedHashMap<>();
            try {
                for (String n : List.of("n1", "n2")) {
                    runs.put(n, Processes.Watched.start(Processes.confsync("run", "--config",
                            cluster.config(n).toString()), l -> l.contains("waiting until this node is promoted"), MAX));
                }
                Processes.Ran master = notify(cluster, agent, "n1", "MASTER", false);
                assertThat(master.code()).as(master.all()).isZero();
                assertThat(master.err()).contains("VI_1 is MASTER: promoted this node");
                assertThat(role(cluster, agent, "n1")).isEqualTo("source");
                Files.writeString(cluster.root("n1").resolve("etc/app/ha.conf"), "from n1\n");
                assertThat(arrived(cluster, "n2", "from n1\n")).isTrue();

                // The address moves to n2: n1 goes BACKUP, n2 MASTER.
                Processes.Ran backup = notify(cluster, agent, "n1", "BACKUP", false);
                assertThat(backup.code()).as(backup.all()).isZero();
                assertThat(backup.err()).contains("VI_1 is BACKUP: n1 stepped down as the source of epoch 1");
                assertThat(role(cluster, agent, "n1")).isEqualTo("stepped-down");
                assertThat(holdsAllOf(cluster, "n2", "n1")).isTrue();
                assertThat(notify(cluster, agent, "n2", "MASTER", false).code()).isZero();
                assertThat(role(cluster, agent, "n2")).isEqualTo("source");
                Files.writeString(cluster.root("n2").resolve("etc/app/ha.conf"), "from n2\n");
                assertThat(arrived(cluster, "n1", "from n2\n")).isTrue();

                // n2 is lost; keepalived makes n1 MASTER. Nothing fences n2: refused, and said why.
                Processes.stop(runs.remove("n2").process());
                cluster.stopServer("n2");
                Processes.Ran lost = notify(cluster, agent, "n1", "MASTER", false);
                assertThat(lost.code()).as(lost.all()).isEqualTo(3);
                assertThat(lost.err()).contains("VI_1 is MASTER, but promote was refused (exit 3)")
                        .contains("the current source n2 cannot be reached");
                assertThat(role(cluster, agent, "n1")).isEqualTo("standby");
                // Where something else fences a lost node, the operator says so.
                Processes.Ran fenced = notify(cluster, agent, "n1", "MASTER", true);
                assertThat(fenced.code()).as(fenced.all()).isZero();
                assertThat(role(cluster, agent, "n1")).isEqualTo("source");

                Processes.Ran fault = notify(cluster, agent, "n1", "FAULT", false);
                assertThat(fault.code()).as(fault.all()).isZero();
                assertThat(role(cluster, agent, "n1")).isEqualTo("stepped-down");
                assertThat(notify(cluster, agent, "n1", "UNKNOWN", false).err()).contains("state 'UNKNOWN' ignored");
            } finally {
                runs.values().forEach(w -> Processes.stop(w.process()));
            }
        }
    }
}
