package io.confsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import io.confsync.conf.NodeChoice;
import io.confsync.conf.ThisHost;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.protocol.ClusterFiles;
import io.confsync.transfer.session.ConfigKeeper.Verdict;
import io.confsync.transfer.ssh.SshKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A standby's intake of the configuration its source offers, on a real file system. */
class ConfigIntakeTest {

    @TempDir
    Path tmp;
    Path file;
    String text;
    final AtomicInteger installed = new AtomicInteger();

    @BeforeEach
    void setUp() throws Exception {
        text = "cluster: c\nnodes:\n  - name: n1\n    address: 10.0.0.1\n    root: " + tmp.resolve("r1")
                + "\n  - name: n2\n    address: 10.0.0.2\n    root: " + tmp.resolve("r2") + "\nsync:\n"
                + "  - path: /etc/app\nstate-dir: " + tmp.resolve("state") + "\n";
        file = Files.writeString(tmp.resolve("confsync.yaml"), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    }

    private ConfigIntake intake() throws Exception {
        Config running = ConfigLoader.read(file, new NodeChoice("n2", "--node"), () -> ThisHost.named("elsewhere"));
        return new ConfigIntake(running, next -> Wiring.receiver(next, c -> null, installed::incrementAndGet),
                installed::incrementAndGet);
    }

    private Verdict offer(String offered) throws Exception {
        return offer(offered, "", "");
    }

    private Verdict offer(String offered, String knownHosts, String authorizedKeys) throws Exception {
        return intake().offer(new ClusterFiles(offered.getBytes(StandardCharsets.UTF_8),
                knownHosts.getBytes(StandardCharsets.UTF_8), authorizedKeys.getBytes(StandardCharsets.UTF_8)));
    }

    private static String publicLine() throws Exception {
        return SshKeys.publicLine(SshKeys.generateEd25519().getPublic());
    }

    @Test
    void offer_sameFile_same() throws Exception {
        assertThat(offer(text)).isInstanceOf(Verdict.Same.class);
        assertThat(installed).hasValue(0);
    }

    @Test
    void offer_newSyncEntry_installedWithModeAndBackupAndTheSessionGoesOnWithIt() throws Exception {
        String wider = text.replace("  - path: /etc/app\n", "  - path: /etc/app\n  - path: /srv/ca.pem\n");

        Verdict v = offer(wider);

        assertThat(v).isInstanceOfSatisfying(Verdict.Installed.class, i -> {
            assertThat(i.next().rules().includes(RelPath.of("srv/ca.pem"))).isTrue();
            assertThat(i.next().node()).isEqualTo("n2");
            assertThat(i.next().stateDir()).isEqualTo(tmp.resolve("state"));
        });
        assertThat(Files.readString(file)).isEqualTo(wider);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(installed).hasValue(1);
        try (Stream<Path> s = Files.walk(tmp.resolve("state/backups"))) {
            Path kept = s.filter(p -> p.endsWith(file.toString().substring(1))).findFirst().orElseThrow();
            assertThat(Files.readString(kept)).isEqualTo(text);
        }
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".confsync-tmp"));
    }

    @Test
    void offer_fileThisStandbyMustNotTake_refusedWithTheReasonAndTheOldOneStays() throws Exception {
        String removed = text.replace("  - name: n2\n    address: 10.0.0.2\n    root: " + tmp.resolve("r2") + "\n", "");
        assertThat(offer(removed)).isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.why())
                .contains("does not validate on n2").contains("node 'n2' (from this standby) is not in the nodes list: n1"));
        assertThat(offer(text.replace(tmp.resolve("r2").toString(), "/"))).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.why()).isEqualTo("it moves n2's root from " + tmp.resolve("r2") + " to /; "
                        + "a standby's root is its own: change it on n2"));
        assertThat(offer(text.replace("cluster: c", "cluster: other"))).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.why()).isEqualTo("it is cluster 'other's, n2 is in 'c'"));
        assertThat(offer("node: n1\n" + text)).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.why()).contains("it names a node ('node: n2')"));
        assertThat(offer(text.replace("state-dir: " + tmp.resolve("state"), "state-dir: /var/tmp/x")))
                .isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.why()).contains("state-dir"));
        assertThat(offer(text + "bogus: 1\n")).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.why()).contains("it does not validate on n2: offered confsync.yaml:12:1: unknown key 'bogus'"));

        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(installed).hasValue(0);
        assertThat(tmp.resolve("state/backups")).doesNotExist();
    }

    @Test
    void offer_standbyWhoseFileNamesItsNode_keepsIt() throws Exception {
        Files.writeString(file, "node: n2\n" + text);

        assertThat(offer(text)).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.why()).startsWith("n2 keeps its own file").contains("'node:'"));
        assertThat(Files.readString(file)).startsWith("node: n2\n");
    }

    @Test
    void offer_keyFilesWithTheSameConfig_installedAtThisNodesPathsInsideItsStateDirWithoutAReload() throws Exception {
        text = text + "ssh:\n  known-hosts: keys/known_hosts\nserve:\n  authorized-keys: keys/authorized_keys\n";
        Files.writeString(file, text);
        String hosts = "[10.0.0.1]:22 " + publicLine() + "\n";
        String keys = "restrict " + publicLine() + " confsync@n1\n";

        Verdict v = offer(text, hosts, keys);

        assertThat(v).isInstanceOf(Verdict.Installed.class);
        assertThat(Files.readString(tmp.resolve("state/keys/known_hosts"))).isEqualTo(hosts);
        assertThat(Files.readString(tmp.resolve("state/keys/authorized_keys"))).isEqualTo(keys);
        assertThat(installed).as("the configuration is the same: no reload").hasValue(0);
        assertThat(offer(text, hosts, keys)).isInstanceOf(Verdict.Same.class);
        assertThat(offer(text, "", "")).as("an empty key file is none: this node keeps its own")
                .isInstanceOf(Verdict.Same.class);

        String other = "[10.0.0.2]:22 " + publicLine() + "\n";
        assertThat(offer(text, other, keys)).isInstanceOf(Verdict.Installed.class);
        try (Stream<Path> s = Files.walk(tmp.resolve("state/backups"))) {
            assertThat(s.filter(p -> p.endsWith("known_hosts")).map(p -> {
                try {
                    return Files.readString(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            })).contains(hosts);
        }
    }

    @Test
    void offer_keyFileThatDoesNotParse_refusedNamingTheLineAndNothingIsWritten() throws Exception {
        String wider = text.replace("  - path: /etc/app\n", "  - path: /etc/app\n  - path: /srv/ca.pem\n");

        assertThat(offer(wider, "# cluster\n[10.0.0.1]:22 ssh-ed25519 not-base64!\n", ""))
                .isInstanceOfSatisfying(Verdict.Refused.class, r -> assertThat(r.why())
                        .startsWith("its ssh.known-hosts line 2 is not a known_hosts entry"));
        assertThat(offer(wider, "", "no key here\n")).isInstanceOfSatisfying(Verdict.Refused.class,
                r -> assertThat(r.why()).startsWith("its serve.authorized-keys line 1 is not an authorized_keys entry"));

        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(installed).hasValue(0);
        assertThat(tmp.resolve("state/backups")).doesNotExist();
    }
}
