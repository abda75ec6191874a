package io.confsync.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import io.confsync.conf.NodeChoice;
import io.confsync.conf.ThisHost;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.session.ConfigKeeper.Verdict;
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
        return intake().offer(offered.getBytes(StandardCharsets.UTF_8));
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
}
