package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three loopback nodes that read one configuration file, byte for byte, syncing all of /etc with
 * its default profile and node-local patterns of their own: each node's own files survive a full
 * sync, the live service and an audit, through the launcher an operator runs.
 */
class SharedConfigTest {

    private static final Duration MAX = Duration.ofSeconds(60);
    private static final String SYNC = """
            sync:
              - path: /etc
                node-local: ["app/node.id"]
            node-local: [/etc/app/**/*.local]
            """;

    @TempDir
    Path tmp;
    Cluster cluster;
    Processes.Watched run;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new Cluster(tmp).shared().syncSection(SYNC).embedded("n2").embedded("n3").start();
        for (String node : List.of("n1", "n2", "n3")) {
            cluster.write(node, "etc/hostname", node + "\n");
            cluster.write(node, "etc/machine-id", node.hashCode() + "0f0f\n");
            cluster.write(node, "etc/network/interfaces", "iface eth0 inet static address 10.0.0." + node.charAt(1) + "\n");
            cluster.write(node, "etc/ssh/ssh_host_ed25519_key", "host key of " + node + "\n");
            cluster.write(node, "etc/passwd", "root:x:0:0::/root:/bin/sh\n_" + node + ":x:10" + node.charAt(1) + ":65534::/:/bin/false\n");
            cluster.write(node, "etc/app/node.id", node + "\n");
        }
        cluster.write("n1", "etc/app/main.cf", "relay = mx\n");
        cluster.write("n1", "etc/ssh/sshd_config", "PermitRootLogin prohibit-password\n");
        cluster.write("n1", "etc/app/keys/a.local", "only on n1\n");
        cluster.write("n2", "etc/app/b.local", "only on n2\n");
        cluster.write("n2", "etc/app/stray.cf", "not node-local: a full sync removes it\n");
        cluster.write("n2", "etc/app/main.cf", "relay = old\n");
        cluster.write("n2", "etc/ssh/sshd_config", "PermitRootLogin yes\n");
    }

    @AfterEach
    void tearDown() {
        if (run != null) {
            Processes.stop(run.process());
        }
        cluster.close();
    }

    private String read(String node, String rel) throws IOException {
        Path p = cluster.root(node).resolve(rel);
        return Files.exists(p) ? Files.readString(p) : null;
    }

    private Processes.Ran audit(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("audit"));
        all.addAll(List.of(args));
        return cluster.launch("n1", Map.of(), all.toArray(String[]::new));
    }

    private Processes.Ran sync() throws Exception {
        return cluster.launch("n1", Map.of(), "sync");
    }

    @Test
    void sync_sharedFileAndNodeLocalPaths_copiesTheRestAndLeavesEachNodesOwn() throws Exception {
        assertThat(Files.readAllBytes(cluster.configFile("n2"))).isEqualTo(Files.readAllBytes(cluster.configFile("n1")))
                .isEqualTo(Files.readAllBytes(cluster.configFile("n3")));

        Processes.Ran sync = sync();

        assertThat(sync.code()).as(sync.all()).isZero();
        for (String node : List.of("n2", "n3")) {
            assertThat(read(node, "etc/app/main.cf")).isEqualTo("relay = mx\n");
            assertThat(read(node, "etc/ssh/sshd_config")).isEqualTo("PermitRootLogin prohibit-password\n");
            assertThat(read(node, "etc/hostname")).isEqualTo(node + "\n");
            assertThat(read(node, "etc/ssh/ssh_host_ed25519_key")).isEqualTo("host key of " + node + "\n");
            assertThat(read(node, "etc/network/interfaces")).endsWith("10.0.0." + node.charAt(1) + "\n");
            assertThat(read(node, "etc/passwd")).contains("_" + node + ":");
            assertThat(read(node, "etc/app/node.id")).isEqualTo(node + "\n");
            assertThat(read(node, "etc/app/keys/a.local")).as("n1's own, never sent").isNull();
        }
        assertThat(read("n2", "etc/app/b.local")).as("n2's own, never deleted").isEqualTo("only on n2\n");
        assertThat(read("n2", "etc/app/stray.cf")).as("an ordinary extra file goes").isNull();

        Processes.Ran table = audit();
        assertThat(table.code()).as(table.all()).isZero();
        assertThat(table.out()).contains("NODE-LOCAL").containsPattern("n2 +in sync( +0){11} +7\n")
                .containsPattern("n3 +in sync( +0){11} +6\n")
                .contains("2 nodes audited: 2 in sync, 0 drifted (0 paths), 0 unreachable; "
                        + "13 node-local paths not compared");
        Processes.Ran json = audit("--json");
        assertThat(json.code()).as(json.all()).isZero();
        JsonSchemas.assertValid("audit", json.out());
        Map<?, ?> doc = JsonMapper.builder().build().readValue(json.out(), Map.class);
        List<Object> counts = ((List<?>) doc.get("nodes")).stream().map(n -> ((Map<?, ?>) n).get("node_local"))
                .map(Object.class::cast).toList();
        assertThat(counts).containsExactly(7, 6);
    }

    @Test
    void audit_nodeLocalEditsOnAStandby_areNotDrift() throws Exception {
        assertThat(sync().code()).isZero();
        cluster.write("n3", "etc/hostname", "renamed\n");
        cluster.write("n3", "etc/app/node.id", "n3b\n");
        cluster.write("n3", "etc/app/c.local", "new and its own\n");
        cluster.write("n3", "etc/app/main.cf", "relay = elsewhere\n");

        Processes.Ran r = audit();

        assertThat(r.code()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).containsPattern("n3 +DRIFT").containsPattern("n3 +content +/etc/app/main.cf")
                .doesNotContain("/etc/hostname").doesNotContain("node.id").doesNotContain("c.local");
    }

    @Test
    void anyCommand_sharedFileWithoutNodeGiven_exit78NamingTheCandidates() throws Exception {
        Processes.Ran r = Processes.run(Processes.launcher("sync", "--dry-run", "--config",
                cluster.configFile("n1").toString(), "--state-dir", cluster.state("n1").toString()), null, MAX);

        assertThat(r.code()).as(r.all()).isEqualTo(78);
        assertThat(r.err()).contains("matches 3 nodes by address: n1 (127.0.0.1), n2 (127.0.0.1), n3 (127.0.0.1)")
                .contains("give --node NAME or set CONFSYNC_NODE");
        assertThat(r.err().lines().filter(l -> !l.isBlank())).hasSize(1);
        Processes.Ran named = Processes.run(Processes.launcher("sync", "--dry-run", "--config",
                cluster.configFile("n1").toString(), "--node", "n9"), null, MAX);
        assertThat(named.code()).as(named.all()).isEqualTo(78);
        assertThat(named.err()).contains("node 'n9' (from --node) is not in the nodes list: n1, n2, n3");
    }

    @Test
    void run_liveChangeBesideANodeLocalOne_sendsOnlyTheShared() throws Exception {
        assertThat(sync().code()).isZero();
        run = cluster.runSource();

        cluster.write("n1", "etc/app/node.id", "n1, renamed\n");
        cluster.write("n1", "etc/hostname", "n1-renamed\n");
        cluster.write("n1", "etc/app/main.cf", "relay = mx2\n");

        for (String node : List.of("n2", "n3")) {
            assertThat(Await.until(cluster.state("n1"), MAX, () -> "relay = mx2\n".equals(read(node, "etc/app/main.cf"))))
                    .as(run.seen()).isTrue();
            assertThat(read(node, "etc/app/node.id")).isEqualTo(node + "\n");
            assertThat(read(node, "etc/hostname")).isEqualTo(node + "\n");
        }
    }

    /** Adds a sync entry to n1's file only: {@code /srv/ca.pem}, outside /etc. */
    private String addEntryOnTheSource() throws IOException {
        Path f = cluster.configFile("n1");
        String wider = Files.readString(f).replace("node-local: [/etc/app/**/*.local]\n",
                "  - path: /srv/ca.pem\nnode-local: [/etc/app/**/*.local]\n");
        assertThat(wider).contains("/srv/ca.pem");
        Files.writeString(f, wider);
        cluster.write("n1", "srv/ca.pem", "-----BEGIN CERTIFICATE-----\nCA\n");
        return wider;
    }

    @Test
    void sync_entryAddedOnTheSourceOnly_standbysTakeTheFileAndServeIt() throws Exception {
        String wider = addEntryOnTheSource();

        Processes.Ran sync = sync();

        assertThat(sync.code()).as(sync.all()).isZero();
        for (String node : List.of("n2", "n3")) {
            assertThat(Files.readString(cluster.configFile(node))).as(node).isEqualTo(wider);
            assertThat(read(node, "srv/ca.pem")).as(node).isEqualTo("-----BEGIN CERTIFICATE-----\nCA\n");
        }
        // Their servers took the new file too: an audit, answered by them, lists /srv/ca.pem in sync.
        assertThat(Await.until(cluster.state("n1"), MAX, this::auditClean)).as(audit().all()).isTrue();
    }

    private boolean auditClean() throws IOException {
        try {
            return audit().code() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void sync_configAStandbyRefuses_exit3ItKeepsItsOwnAndTheOthersTakeIt() throws Exception {
        String before = Files.readString(cluster.configFile("n2"));
        String moved = before.replace("root: " + cluster.root("n2") + "\n", "root: " + tmp.resolve("elsewhere") + "\n");
        Files.writeString(cluster.configFile("n1"), moved);

        Processes.Ran sync = sync();

        assertThat(sync.code()).as(sync.all()).isEqualTo(3);
        assertThat(sync.out()).containsPattern("n2 +REFUSED +configuration refused, it keeps its own: it moves n2's "
                + "root from " + java.util.regex.Pattern.quote(cluster.root("n2").toString()) + " to ");
        assertThat(Files.readString(cluster.configFile("n2"))).isEqualTo(before);
        assertThat(Files.readString(cluster.configFile("n3"))).isEqualTo(moved);
        assertThat(read("n2", "etc/app/main.cf")).as("the files still land").isEqualTo("relay = mx\n");
        assertThat(Files.exists(tmp.resolve("elsewhere"))).isFalse();
    }

    @Test
    void run_entryAddedAndReloadedOnTheSource_reachesTheStandbysWithNoEditThere() throws Exception {
        assertThat(sync().code()).isZero();
        run = cluster.runSource();

        String wider = addEntryOnTheSource();
        Processes.signal(run.process(), "HUP");

        for (String node : List.of("n2", "n3")) {
            assertThat(Await.until(cluster.state("n1"), MAX, () -> wider.equals(Files.readString(cluster.configFile(node)))
                    && "-----BEGIN CERTIFICATE-----\nCA\n".equals(read(node, "srv/ca.pem")))).as(run.seen()).isTrue();
        }
        cluster.write("n1", "srv/ca.pem", "-----BEGIN CERTIFICATE-----\nCA2\n");
        for (String node : List.of("n2", "n3")) {
            assertThat(Await.until(cluster.state("n1"), MAX,
                    () -> "-----BEGIN CERTIFICATE-----\nCA2\n".equals(read(node, "srv/ca.pem")))).as(run.seen()).isTrue();
        }
    }
}
