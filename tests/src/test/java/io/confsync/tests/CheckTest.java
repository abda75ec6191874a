package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code confsync check} through the launcher, as an operator runs it before a restart. */
class CheckTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private static Processes.Ran check(Cluster cluster, String node, String... more) throws Exception {
        String[] args = new String[more.length + 3];
        args[0] = "check";
        args[1] = "--config";
        args[2] = cluster.config(node).toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return Processes.run(Processes.confsync(args), null, MAX);
    }

    @Test
    void check_healthyCluster_okForEveryFileAndEveryNode() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.setPosixFilePermissions(cluster.state("n1"), java.nio.file.attribute.PosixFilePermissions.fromString(
                    "rwx------"));

            Processes.Ran source = check(cluster, "n1", "--connect");
            Processes.Ran standby = check(cluster, "n2");

            assertThat(source.code()).as(source.all()).isZero();
            assertThat(source.out()).as(source.all())
                    .contains("ok    ssh.identity " + cluster.keys.resolve("id_ed25519") + ": ssh-ed25519 key SHA256:")
                    .contains("ok    ssh.known-hosts ")
                    .contains("ok    n2 (127.0.0.1:" + cluster.port("n2") + ", embedded): answers: epoch ")
                    .contains("ok    state-dir " + cluster.state("n1") + ": mode 0700; no epoch yet (this node "
                            + "bootstraps as the source)")
                    .contains("WARN  sync /etc/aliases: missing on this node")
                    .endsWith(": ok (1 warning); every node answers\n");
            assertThat(standby.code()).as(standby.all()).isZero();
            assertThat(standby.out()).contains("WARN  state-dir " + cluster.state("n2") + ": mode 0755: ").contains("ok    serve.authorized-keys " + cluster.keys.resolve("authorized_keys")
                    + ": 1 key");
        }
    }

    @Test
    void check_missingIdentityOrOpenMode_exit78NamingTheKeyAndTheFix() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Path key = cluster.keys.resolve("id_ed25519");
            Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            Processes.Ran open = check(cluster, "n1");
            Files.delete(key);
            Processes.Ran missing = check(cluster, "n1");

            assertThat(open.code()).as(open.all()).isEqualTo(78);
            assertThat(open.out()).contains("FAIL  ssh.identity " + key + ": mode 0644: ").contains("chmod 600 " + key);
            assertThat(missing.code()).as(missing.all()).isEqualTo(78);
            assertThat(missing.out()).contains("FAIL  ssh.identity " + key + ": missing: create it with "
                    + "'confsync keygen -f " + key + "'");
        }
    }

    @Test
    void check_configThatDoesNotValidate_exit78WithFileLineAndColumn() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "cluster: x\nnodes:\n  - name: a\n    adress: 10.0.0.1\n");

        Processes.Ran r = Processes.run(Processes.confsync("check", "-c", bad.toString()), null, MAX);

        assertThat(r.code()).as(r.all()).isEqualTo(78);
        assertThat(r.err()).startsWith("confsync: " + bad + ":4:5: ").doesNotContain("Exception");
    }

    @Test
    void check_connectToNodeThatIsDown_exit2WithTheReason() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            cluster.stopServer("n2");

            Processes.Ran r = check(cluster, "n1", "--connect");

            assertThat(r.code()).as(r.all()).isEqualTo(2);
            assertThat(r.out()).contains("FAIL  n2 (127.0.0.1:" + cluster.port("n2") + ", embedded): connect to "
                    + "127.0.0.1:" + cluster.port("n2") + ": connection refused");
        }
    }

    /** Both clients name the key they trusted, with its fingerprint, in the same words. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mina", "openssh"})
    void check_unknownHostKey_failsUntilAcceptedOnce(String client) throws Exception {
        try (Cluster cluster = new Cluster(tmp).client(client).embedded("n2").start()) {
            Files.writeString(cluster.keys.resolve("known_hosts"), "");

            Processes.Ran unknown = check(cluster, "n1");
            Processes.Ran accepted = check(cluster, "n1", "--connect", "--accept-new-host-key");
            Processes.Ran after = check(cluster, "n1", "--connect");

            assertThat(unknown.code()).as(unknown.all()).isEqualTo(78);
            assertThat(unknown.out()).contains("FAIL  ssh.known-hosts " + cluster.keys.resolve("known_hosts")
                    + ": no host key for n2 ([127.0.0.1]:" + cluster.port("n2") + ")");
            assertThat(accepted.code()).as(accepted.all()).isZero();
            assertThat(accepted.err()).containsPattern("trusted new host key of \\[127\\.0\\.0\\.1\\]:" + cluster.port("n2")
                    + ": ssh-ed25519 SHA256:[A-Za-z0-9+/]{43} \\(added to " + java.util.regex.Pattern.quote(
                    cluster.keys.resolve("known_hosts").toString()) + "\\)");
            assertThat(after.code()).as(after.all()).isZero();
        }
    }
}
