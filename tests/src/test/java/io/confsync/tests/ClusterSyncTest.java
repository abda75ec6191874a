package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import io.confsync.manifest.Stat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code confsync sync} from a source to two standbys, each running {@code confsync serve}. */
class ClusterSyncTest {

    @TempDir
    Path tmp;
    Cluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").embedded("n3").start();
    }

    @AfterEach
    void tearDown() throws Exception {
        cluster.close();
    }

    private void populateSource() throws Exception {
        Path etc = cluster.root("n1").resolve("etc");
        Path app = Files.createDirectories(etc.resolve("app/conf.d"));
        Files.setAttribute(etc.resolve("app"), "unix:mode", 02750);
        Files.writeString(app.resolve("main.conf"), "listen = 0.0.0.0\n");
        Path key = Files.writeString(etc.resolve("app/server.key"), "-----BEGIN PRIVATE KEY-----\n");
        Files.setAttribute(key, "unix:mode", 0600);
        if ("root".equals(System.getProperty("user.name"))) {
            var users = key.getFileSystem().getUserPrincipalLookupService();
            Files.getFileAttributeView(key, PosixFileAttributeView.class).setOwner(users.lookupPrincipalByName("nobody"));
            Files.getFileAttributeView(key, PosixFileAttributeView.class)
                    .setGroup(users.lookupPrincipalByGroupName("nogroup"));
        }
        Files.setLastModifiedTime(key, Stat.fileTime(1_650_000_000_123_456_789L));
        Files.createSymbolicLink(etc.resolve("app/current.conf"), Path.of("conf.d/main.conf"));
        Files.writeString(etc.resolve("aliases"), "root: ops@example.org\n");
        TreeGenerator.generate(etc.resolve("app/generated"), 5, 200);
    }

    @Test
    void sync_twoEmbeddedStandbys_dryRunThenTreesEqual() throws Exception {
        populateSource();

        CliRun dry = cluster.source("sync", "--dry-run");
        assertThat(dry.code()).as(dry.out() + dry.err()).isZero();
        assertThat(dry.out()).contains("n2").contains("n3").contains("dry run");
        assertThat(cluster.manifest("n2").isEmpty()).isTrue();
        assertThat(cluster.state("n1").resolve("cluster-state")).as("a dry run writes no bootstrap").doesNotExist();
        assertThat(cluster.state("n2").resolve("cluster-state")).as("nor adopts anything").doesNotExist();

        CliRun real = cluster.source("sync");
        assertThat(real.code()).as(real.out() + real.err()).isZero();
        assertThat(real.out()).contains("n2").contains("synced").contains("on the wire");
        assertThat(cluster.differences("n2")).isEmpty();
        assertThat(cluster.differences("n3")).isEmpty();
        assertThat(cluster.manifest("n2")).isEqualTo(cluster.manifest("n1"));
    }

    @Test
    void sync_oneByteEditInLargeFile_sendsSmallDelta() throws Exception {
        populateSource();
        byte[] big = new byte[10 << 20];
        new Random(42).nextBytes(big);
        Path file = cluster.root("n1").resolve("etc/app/big.bin");
        Files.write(file, big);
        assertThat(cluster.source("sync", "--to", "n2").code()).isZero();
        big[5 << 20] ^= 1;
        Files.write(file, big);

        CliRun r = cluster.source("sync", "--to", "n2", "--json");

        assertThat(r.code()).as(r.err()).isZero();
        Map<?, ?> node = (Map<?, ?>) ((List<?>) JsonMapper.builder().build().readValue(r.out(), Map.class)
                .get("nodes")).get(0);
        assertThat(((Number) node.get("wire_bytes")).longValue()).isLessThan(64 * 1024);
        assertThat(Files.readAllBytes(cluster.root("n2").resolve("etc/app/big.bin"))).isEqualTo(big);
    }

    @Test
    void sync_fromStandby_isRefusedEvenWithForce() throws Exception {
        CliRun r = CliRun.of("sync", "--config", cluster.config("n2").toString());
        CliRun forced = CliRun.of("sync", "--force", "--config", cluster.config("n2").toString());

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("this node (n2) is a standby").contains("the source is n1");
        assertThat(forced.code()).isEqualTo(3);
        assertThat(Files.exists(cluster.state("n2").resolve("cluster-state"))).isFalse();
    }

    @Test
    void sync_standbyDown_othersStillSyncAndExitIsError() throws Exception {
        populateSource();
        cluster.stopServer("n3");

        CliRun r = cluster.source("sync");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("n3").contains("FAILED");
        assertThat(cluster.differences("n2")).isEmpty();
    }
}
