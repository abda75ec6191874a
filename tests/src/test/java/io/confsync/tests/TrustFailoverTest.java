package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.transfer.ssh.KnownHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys for failover without hand copying, as README's runbook goes, through the launcher: three
 * loopback nodes on one shared file, each with key files of its own (as on separate hosts). Only
 * the source's key is put in by hand, for the first push; {@code trust} on the source gathers the
 * rest, a sync carries them, and after a promote the new source reaches every node with strict
 * host key checking.
 */
class TrustFailoverTest {

    private static final List<String> NODES = List.of("n1", "n2", "n3");

    @TempDir
    Path tmp;
    Cluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new Cluster(tmp).shared().ownKeys().embedded("n2").embedded("n3");
        for (String node : NODES) {
            cluster.config(node);
            // In this JVM: the launcher's keygen is LauncherTest's; the commands below go through it.
            io.confsync.cli.CliRun key = cluster.as(node, "keygen");
            assertThat(key.code()).as(key.out() + key.err()).isZero();
            assertThat(key.out()).startsWith("ssh-ed25519 ");
        }
        // The one key an operator puts in by hand: the source's, on each standby, for the first push.
        String source = Files.readString(cluster.state("n1").resolve("id_ed25519.pub"));
        for (String standby : List.of("n2", "n3")) {
            Files.writeString(cluster.state(standby).resolve("authorized_keys"), source);
        }
        cluster.start();
        cluster.write("n1", "etc/app/a.conf", "v1 from n1\n");
        cluster.write("n1", "etc/aliases", "root: ops\n");
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Processes.Ran ok(Processes.Ran r) {
        assertThat(r.code()).as(r.all()).isZero();
        return r;
    }

    private String keyFile(String node, String name) throws IOException {
        Path p = cluster.state(node).resolve(name);
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private String publicKey(String node) throws IOException {
        String[] f = keyFile(node, "id_ed25519.pub").strip().split("\\s+");
        return f[0] + " " + f[1];
    }

    @Test
    void trust_thenSync_afterAPromoteTheNewSourceReachesEveryNodeWithNoKeyCopiedByHand() throws Exception {
        Processes.Ran unknown = cluster.launch("n1", Map.of(), "trust");
        assertThat(unknown.code()).as(unknown.all()).isEqualTo(3);
        assertThat(unknown.out()).contains("n2").contains("NONE: ").contains("unknown host key");
        assertThat(keyFile("n1", "known_hosts")).as("no host key is trusted without the operator, but its own")
                .doesNotContain(KnownHosts.hostPattern("127.0.0.1", cluster.port("n2")))
                .doesNotContain(KnownHosts.hostPattern("127.0.0.1", cluster.port("n3")));

        Processes.Ran dry = ok(cluster.launch("n1", Map.of(), "trust", "--dry-run", "--accept-new-host-key"));
        assertThat(dry.out()).contains("would add");

        Processes.Ran trust = ok(cluster.launch("n1", Map.of(), "trust", "--accept-new-host-key"));
        assertThat(trust.out()).contains("n1 (here)").contains("n3").contains("ssh-ed25519 SHA256:")
                .contains("confsync sync");
        String authorized = keyFile("n1", "authorized_keys");
        for (String node : NODES) {
            assertThat(authorized).contains(publicKey(node) + " confsync@" + node);
        }
        String n1HostKey = io.confsync.transfer.ssh.SshKeys.publicLine(io.confsync.transfer.ssh.SshKeys
                .read(cluster.state("n1").resolve("ssh_host_ed25519_key")).getPublic());
        assertThat(keyFile("n1", "known_hosts")).contains(KnownHosts.hostPattern("127.0.0.1", cluster.port("n1"))
                + " " + n1HostKey);
        Processes.Ran again = ok(cluster.launch("n1", Map.of(), "trust"));
        assertThat(again.out()).as("a second run adds nothing").contains("has every key gathered")
                .doesNotContain("confsync sync");

        ok(cluster.launch("n1", Map.of(), "sync"));
        for (String standby : List.of("n2", "n3")) {
            assertThat(keyFile(standby, "authorized_keys")).isEqualTo(authorized);
            assertThat(keyFile(standby, "known_hosts")).isEqualTo(keyFile("n1", "known_hosts"));
        }

        // Failover: n2 is promoted and pushes, checking host keys strictly, with the keys it was carried.
        cluster.startServer("n1");
        ok(cluster.launch("n2", Map.of(), "promote"));
        cluster.write("n2", "etc/app/a.conf", "v2 from n2\n");
        Processes.Ran pushed = ok(cluster.launch("n2", Map.of(), "sync"));
        assertThat(pushed.err()).doesNotContain("unknown host key");
        for (String node : List.of("n1", "n3")) {
            assertThat(Files.readString(cluster.root(node).resolve("etc/app/a.conf"))).isEqualTo("v2 from n2\n");
        }
    }

    @Test
    void sync_authorizedKeysThatDoNotParse_refusedByEveryStandbyWhichKeepsItsOwn() throws Exception {
        ok(cluster.launch("n1", Map.of(), "trust", "--accept-new-host-key"));
        ok(cluster.launch("n1", Map.of(), "sync"));
        String kept = keyFile("n2", "authorized_keys");
        Files.writeString(cluster.state("n1").resolve("authorized_keys"), keyFile("n1", "authorized_keys")
                + "ssh-ed25519 not-a-key\n");
        cluster.write("n1", "etc/app/a.conf", "v2 from n1\n");

        Processes.Ran r = cluster.launch("n1", Map.of(), "sync");

        assertThat(r.code()).as(r.all()).isEqualTo(3);
        assertThat(r.out()).contains("configuration refused, it keeps its own")
                .contains("its serve.authorized-keys line 4 is not an authorized_keys entry");
        assertThat(keyFile("n2", "authorized_keys")).isEqualTo(kept);
        assertThat(Files.readString(cluster.root("n2").resolve("etc/app/a.conf")))
                .as("the rest of the session goes on: the batch lands").isEqualTo("v2 from n1\n");
    }
}
