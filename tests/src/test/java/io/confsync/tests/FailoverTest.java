package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import io.confsync.conf.ClusterState;
import io.confsync.conf.ClusterStateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source rule across real processes: promote after a failover, the old source coming back,
 * a node ahead, a node down, split brain, and a running service stepping down.
 */
class FailoverTest {

    @TempDir
    Path tmp;
    Cluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").embedded("n3").start();
        cluster.write("n1", "etc/app/a.conf", "v1 from n1\n");
        cluster.write("n1", "etc/aliases", "root: ops\n");
        ok(cluster.source("sync"));
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private String read(String node, String rel) throws IOException {
        return Files.readString(cluster.root(node).resolve(rel));
    }

    private ClusterState state(String node) throws Exception {
        return new ClusterStateStore(cluster.state(node), "test").read();
    }

    private long seq(String node) throws IOException {
        try {
            return state(node).seq();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    private static CliRun ok(CliRun r) {
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        return r;
    }

    /** True if some backup of {@code node} holds {@code rel} with exactly {@code text}. */
    private boolean backedUp(String node, String rel, String text) throws IOException {
        Path backups = cluster.state(node).resolve("backups");
        if (!Files.isDirectory(backups)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(backups)) {
            return s.filter(p -> p.endsWith(rel) && Files.isRegularFile(p)).anyMatch(p -> {
                try {
                    return Files.readString(p).equals(text);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void promote_oldSourceDown_needsForceThenOldSourceStepsDownAndIsBroughtInLine() throws Exception {
        // n1, the source, fails.
        CliRun refused = cluster.as("n2", "promote");
        assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("the current source n1 cannot be reached").contains("--force");

        CliRun dry = ok(cluster.as("n2", "promote", "--force", "--dry-run"));
        assertThat(dry.out()).contains("would make n2 the source of epoch 2").contains("n3");
        assertThat(state("n2").epoch()).as("dry run changes nothing").isEqualTo(1);

        ok(cluster.as("n2", "promote", "--force"));
        assertThat(state("n2")).isEqualTo(new ClusterState("test", 2, "n2", 1, null));
        assertThat(state("n3").epoch()).isEqualTo(2);
        assertThat(state("n3").source()).isEqualTo("n2");

        cluster.write("n2", "etc/app/a.conf", "v2 from n2\n");
        ok(cluster.as("n2", "sync", "--to", "n3"));
        assertThat(read("n3", "etc/app/a.conf")).isEqualTo("v2 from n2\n");

        // The old source comes back with an edit of its own and pushes: refused, it steps down.
        cluster.write("n1", "etc/app/a.conf", "edited on n1 while away\n");
        cluster.write("n1", "etc/app/only-n1.conf", "n1 only\n");
        cluster.startServer("n1");
        CliRun stale = cluster.source("sync");
        assertThat(stale.code()).as(stale.out() + stale.err()).isEqualTo(3);
        assertThat(stale.out()).contains("REFUSED").contains("stale source");
        assertThat(read("n3", "etc/app/a.conf")).isEqualTo("v2 from n2\n");
        assertThat(state("n1").source()).isEqualTo("n2");
        CliRun never = cluster.source("sync");
        assertThat(never.code()).isEqualTo(3);
        assertThat(never.err()).contains("is a standby: the source of epoch 2 is n2");

        // The new source brings it in line; its own edits are in its backups.
        ok(cluster.as("n2", "sync"));
        assertThat(read("n1", "etc/app/a.conf")).isEqualTo("v2 from n2\n");
        assertThat(cluster.root("n1").resolve("etc/app/only-n1.conf")).doesNotExist();
        assertThat(backedUp("n1", "etc/app/a.conf", "edited on n1 while away\n")).isTrue();
        assertThat(backedUp("n1", "etc/app/only-n1.conf", "n1 only\n")).isTrue();
        assertThat(ok(cluster.as("n3", "audit")).out()).contains("2 nodes audited: 2 in sync");
        assertThat(cluster.manifest("n1")).isEqualTo(cluster.manifest("n2"));
        assertThat(cluster.manifest("n3")).isEqualTo(cluster.manifest("n2"));
        // The old source's refused push is n2's last error, of an epoch before the one n2 leads: history.
        CliRun live = cluster.as("n2", "status", "--live");
        assertThat(live.code()).as(live.out() + live.err()).isZero();
        assertThat(live.out()).contains("GOOD");
    }

    @Test
    void promote_peerAhead_refusedNamingItThenForced() throws Exception {
        cluster.startServer("n1");
        cluster.stopServer("n3");
        cluster.write("n1", "etc/app/a.conf", "v2 that n3 never got\n");
        ok(cluster.source("sync", "--to", "n2"));
        assertThat(state("n2").seq()).isGreaterThan(state("n3").seq());

        CliRun refused = cluster.as("n3", "promote");
        assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("n2 holds newer configuration").contains("promote n2 instead");

        ok(cluster.as("n3", "promote", "--force"));
        assertThat(read("n2", "etc/app/a.conf")).isEqualTo("v1 from n1\n");
        assertThat(backedUp("n2", "etc/app/a.conf", "v2 that n3 never got\n")).isTrue();
        assertThat(state("n1")).isEqualTo(new ClusterState("test", 2, "n3", 1, null));
        assertThat(cluster.source("sync").code()).as("the old source is a standby now").isEqualTo(3);
    }

    @Test
    void promote_threeNodesOneDown_warnsThenForced() throws Exception {
        cluster.startServer("n1");
        cluster.stopServer("n3");

        CliRun warned = cluster.as("n2", "promote");
        assertThat(warned.code()).as(warned.out() + warned.err()).isEqualTo(3);
        assertThat(warned.out()).containsPattern("n3 +NO");
        assertThat(warned.err()).contains("n3 cannot be reached").contains("--force");
        assertThat(state("n2").epoch()).isEqualTo(1);

        CliRun forced = ok(cluster.as("n2", "promote", "--force"));
        assertThat(forced.out()).containsPattern("n1 +synced");
        assertThat(state("n1").source()).isEqualTo("n2");
        assertThat(state("n3").epoch()).as("n3 was down: it adopts epoch 2 when n2 first reaches it").isEqualTo(1);
    }

    /** An ISO 8601 UTC time to the millisecond, as {@code status --live} prints an error's time. */
    private static final String STAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z";

    @Test
    void sync_twoSourcesAtSameEpoch_bothRefusedAndAlarmVisible() throws Exception {
        // A partition: n2 and n3 are each promoted while they cannot see each other or n1.
        cluster.stopServer("n3");
        ok(cluster.as("n2", "promote", "--force"));
        cluster.stopServer("n2");
        cluster.startServer("n3");
        ok(cluster.as("n3", "promote", "--force"));
        assertThat(state("n2").epoch()).isEqualTo(2);
        assertThat(state("n3").epoch()).isEqualTo(2);

        cluster.startServer("n1");
        cluster.write("n2", "etc/app/a.conf", "n2's idea\n");
        cluster.write("n3", "etc/app/a.conf", "n3's idea\n");
        ok(cluster.as("n2", "sync", "--to", "n1"));
        CliRun second = cluster.as("n3", "sync", "--to", "n1");
        assertThat(second.code()).isEqualTo(3);
        assertThat(second.out()).contains("split brain");
        CliRun first = cluster.as("n2", "sync", "--to", "n1");
        assertThat(first.code()).as("the first claimant is refused too, once the conflict is known").isEqualTo(3);
        assertThat(first.out()).contains("split brain").contains("n2 and n3");
        assertThat(read("n1", "etc/app/a.conf")).isEqualTo("n2's idea\n");

        CliRun live = cluster.as("n1", "status", "--live");
        assertThat(live.code()).isEqualTo(2);
        assertThat(live.out()).contains("BAD").contains("split brain")
                .containsPattern("n1  last error at " + STAMP + ": .*split brain");
        // Asked from another node, n1 tells its error's time over the wire (protocol 2).
        CliRun remote = cluster.as("n2", "status", "--live");
        assertThat(remote.out()).as(remote.out()).containsPattern("n1  last error at " + STAMP + ": .*split brain");

        // An operator resolves it: a promote opens epoch 3.
        cluster.startServer("n2");
        ok(cluster.as("n2", "promote", "--force"));
        assertThat(state("n1")).isEqualTo(new ClusterState("test", 3, "n2", 1, null));
    }

    @Test
    void run_promoteElsewhere_runningSourceStepsDownAndWaits() throws Exception {
        cluster.startServer("n1");
        Processes.Watched n1 = Processes.Watched.start(Processes.confsync("run", "-v", "--config",
                cluster.config("n1").toString()), l -> l.contains("is the source of"), Duration.ofSeconds(60));
        try {
            cluster.write("n1", "etc/app/b.conf", "live\n");
            // Both standbys hold b.conf and the change set that brought it (else n2 is behind, and
            // promote rightly refuses it): the condition itself, not two log lines.
            assertThat(io.confsync.manifest.Await.until(cluster.state("n1"), Duration.ofSeconds(60), () -> {
                long seq = seq("n1");
                return Files.exists(cluster.root("n2").resolve("etc/app/b.conf"))
                        && Files.exists(cluster.root("n3").resolve("etc/app/b.conf"))
                        && seq("n2") >= seq && seq("n3") >= seq;
            })).isTrue();

            ok(cluster.as("n2", "promote"));

            n1.await(l -> l.contains("no longer the source") || l.contains("stepping down"), Duration.ofSeconds(30));
            n1.await(l -> l.contains("waiting until this node is promoted"), Duration.ofSeconds(30));
            assertThat(n1.process().isAlive()).isTrue();
            assertThat(state("n1").source()).isEqualTo("n2");
        } finally {
            Processes.stop(n1.process());
        }
    }

    @Test
    void clusterState_listsEveryNode() throws Exception {
        assertThat(List.of("n1", "n2", "n3")).allSatisfy(n -> {
            try {
                assertThat(state(n).epoch()).isEqualTo(1);
                assertThat(state(n).source()).isEqualTo("n1");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
