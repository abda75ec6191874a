package io.confsync.transfer.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.HashCache;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.transfer.protocol.ProtocolLimits;
import io.confsync.transfer.session.NodePush;
import io.confsync.transfer.session.NodeReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServerTest {

    @TempDir
    Path tmp;
    SshFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new SshFixture(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        fx.close();
    }

    @Test
    void push_overEmbeddedServer_standbyEqualsSource() throws Exception {
        Path src = tmp.resolve("n1");
        JimfsTrees.write(src, "etc/app/a.conf", "a = 1\n");
        JimfsTrees.write(src, "etc/app/sub/b.conf", "b".repeat(50_000));
        Scanner scanner = new Scanner(new HashCache(), Clock.systemUTC());
        try (SshConnector c = new SshConnector(fx.client(fx.clientKey, fx.knownHosts, false))) {
            NodeReport r = NodePush.run("n2", c.open(fx.target("confsync")), new NodePush.Settings("c1", "n1", 1, src,
                    PlanOptions.defaults(), false, false, 1L << 30, ProtocolLimits.DEFAULT),
                    () -> scanner.scan(src, SshFixture.RULES), 1);

            assertThat(r.error()).isNull();
            assertThat(r.result().created()).isEqualTo(4);
        }
        assertThat(new Scanner(new HashCache(), Clock.systemUTC()).scan(fx.standbyBase, SshFixture.RULES).manifest())
                .isEqualTo(scanner.scan(src, SshFixture.RULES).manifest());
    }

    @Test
    void open_unknownHostKey_isRefusedWithTheLineToAdd() throws Exception {
        Path empty = tmp.resolve("empty_known_hosts");
        try (SshConnector c = new SshConnector(fx.client(fx.clientKey, empty, false))) {
            assertThatThrownBy(() -> c.open(fx.target("confsync")))
                    .hasMessageContaining("unknown host key for [127.0.0.1]:" + fx.server.port())
                    .hasMessageContaining("ssh-ed25519 AAAA").hasMessageContaining("--accept-new-host-key");
        }
        assertThat(Files.exists(empty)).isFalse();
    }

    @Test
    void open_acceptNewHostKey_recordsKeyThenTrustsIt() throws Exception {
        Path hosts = tmp.resolve("new_known_hosts");
        try (SshConnector c = new SshConnector(fx.client(fx.clientKey, hosts, true))) {
            c.open(fx.target("confsync")).close();
        }
        assertThat(Files.readString(hosts)).startsWith("[127.0.0.1]:" + fx.server.port() + " ssh-ed25519 ");
        try (SshConnector c = new SshConnector(fx.client(fx.clientKey, hosts, false))) {
            c.open(fx.target("confsync")).close();
        }
    }

    @Test
    void open_changedHostKey_isRefusedEvenWithAcceptNew() throws Exception {
        Path hosts = Files.writeString(tmp.resolve("stale_known_hosts"), "[127.0.0.1]:" + fx.server.port() + " "
                + SshKeys.publicLine(SshKeys.generateEd25519().getPublic()) + "\n");
        try (SshConnector c = new SshConnector(fx.client(fx.clientKey, hosts, true))) {
            assertThatThrownBy(() -> c.open(fx.target("confsync"))).hasMessageContaining("HOST KEY CHANGED");
        }
    }

    @Test
    void open_knownKeyOfAnotherType_isAChangedKeyNotANewHost() throws Exception {
        java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        String line = "[127.0.0.1]:" + fx.server.port() + " " + SshKeys.publicLine(ec.generateKeyPair().getPublic())
                + "\n";
        Path hosts = Files.writeString(tmp.resolve("ecdsa_known_hosts"), line);
        try (SshConnector c = new SshConnector(fx.client(fx.clientKey, hosts, true))) {
            assertThatThrownBy(() -> c.open(fx.target("confsync"))).isInstanceOfSatisfying(LinkException.class,
                    e -> assertThat(e.code()).isEqualTo(LinkException.Code.HOST_KEY))
                    .hasMessageContaining("HOST KEY CHANGED").hasMessageContaining("ecdsa");
        }
        assertThat(Files.readString(hosts)).as("nothing recorded").isEqualTo(line);
    }

    @Test
    void open_keyNotAuthorized_failsAuthentication() throws Exception {
        Path stranger = tmp.resolve("keys/stranger");
        SshKeys.readOrCreate(stranger, "stranger");
        try (SshConnector c = new SshConnector(fx.client(stranger, fx.knownHosts, false))) {
            assertThatThrownBy(() -> c.open(fx.target("confsync"))).hasMessageContaining("authentication as confsync@");
        }
    }

    @Test
    void open_authorizedKeyWrongUser_failsAuthentication() throws Exception {
        try (SshConnector c = new SshConnector(fx.client(fx.clientKey, fx.knownHosts, false))) {
            assertThatThrownBy(() -> c.open(fx.target("root"))).hasMessageContaining("authentication as root@");
        }
    }

    @Test
    void shellExecAndSftp_areRefused() throws Exception {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (ClientSession s = client.connect("confsync", "127.0.0.1", fx.server.port())
                .verify(Duration.ofSeconds(10)).getSession()) {
            s.addPublicKeyIdentity(SshKeys.read(fx.clientKey));
            s.auth().verify(Duration.ofSeconds(10));
            for (ClientChannel ch : new ClientChannel[] {s.createShellChannel(), s.createExecChannel("id"),
                s.createSubsystemChannel("sftp")}) {
                assertThat(refused(ch)).as(ch.getClass().getSimpleName()).isTrue();
            }
        } finally {
            client.stop();
        }
    }

    /** A refused request either fails the open or closes the channel without any output. */
    private static boolean refused(ClientChannel ch) throws Exception {
        try {
            ch.open().verify(Duration.ofSeconds(10));
        } catch (Exception e) {
            return true;
        }
        Set<ClientChannelEvent> ev = ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(10));
        return ev.contains(ClientChannelEvent.CLOSED) && ch.getInvertedOut().read() == -1
                && (ch.getExitStatus() == null || ch.getExitStatus() != 0);
    }
}
