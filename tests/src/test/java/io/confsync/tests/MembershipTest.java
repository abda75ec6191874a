package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Await;
import io.confsync.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nodes joining and leaving the node list. */
class MembershipTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    Cluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").start();
        Files.createDirectories(cluster.root("n1").resolve("etc/app"));
        Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");
        TreeGenerator.generate(cluster.root("n1").resolve("etc/app/gen"), 3, 50);
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    @Test
    void run_nodeAddedToList_initialSyncThenReady() throws Exception {
        assertThat(cluster.source("sync").code()).isZero();
        cluster.join("n3");

        Processes.Watched n1 = Processes.Watched.start(Processes.confsync("run", "-v", "--config",
                cluster.config("n1").toString()), l -> l.contains("is the source of"), MAX);
        try {
            // Each worker logs its own stage; the two lines may come in either order.
            n1.await(l -> l.contains("n3: connected, initial sync"), MAX);
            n1.await(l -> l.contains("n2: connected, catching up"), MAX);
            assertThat(Await.until(cluster.state("n1"), MAX, () -> cluster.differences("n3").isEmpty()
                    && StatusFile.ready(cluster, "n2") && StatusFile.ready(cluster, "n3"))).isTrue();
            CliRun status = cluster.source("status");
            assertThat(status.out()).containsPattern("n3 +standby +ready").containsPattern("n2 +standby +ready");
        } finally {
            Processes.stop(n1.process());
        }
    }


    @Test
    void sync_nodeRemovedFromList_leftAlone() throws Exception {
        cluster.join("n3");
        assertThat(cluster.source("sync").code()).isZero();
        var before = cluster.manifest("n3");

        cluster.without("n3");
        Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "changed after n3 left\n");
        CliRun r = cluster.source("sync");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("n3");
        assertThat(cluster.differences("n2")).isEmpty();
        assertThat(cluster.manifest("n3")).isEqualTo(before);
        assertThat(cluster.source("sync", "--to", "n3").code()).isEqualTo(64);
    }
}
