package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SessionTest {

    private static final Clock LATER = TwoNodes.LATER;
    private static final PathRules RULES = TwoNodes.RULES;

    private TwoNodes nodes;
    private FileSystem fs;
    private Path src;
    private Path dst;

    @BeforeEach
    void setUp() throws Exception {
        nodes = new TwoNodes();
        fs = nodes.fs;
        src = nodes.src;
        dst = nodes.dst;
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    private Receiver receiver() {
        return nodes.receiver();
    }

    private NodeReport push(boolean dryRun) {
        return nodes.push(new PipeLink(receiver()), dryRun);
    }

    private Manifest scan(Path base) throws Exception {
        return nodes.scan(base);
    }

    @Test
    void push_newTree_standbyEqualsSource() throws Exception {
        JimfsTrees.write(src, "etc/app/a.conf", "a = 1\n");
        JimfsTrees.write(src, "etc/app/sub/b.conf", "b".repeat(100_000));
        Files.createSymbolicLink(src.resolve("etc/app/link"), fs.getPath("a.conf"));

        NodeReport r = push(false);

        assertThat(r.error()).isNull();
        assertThat(r.result().created()).isEqualTo(5);
        assertThat(scan(dst)).isEqualTo(scan(src));
        assertThat(push(true).plan().isEmpty()).isTrue();
    }

    @Test
    void push_oneByteChangeInLargeFile_sendsDeltaNotWholeFile() throws Exception {
        byte[] big = new byte[2 << 20];
        new Random(1).nextBytes(big);
        Files.createDirectories(src.resolve("etc/app"));
        Files.write(src.resolve("etc/app/big.bin"), big);
        push(false);
        big[1 << 20] ^= 1;
        Files.write(src.resolve("etc/app/big.bin"), big);

        NodeReport r = push(false);

        assertThat(r.error()).isNull();
        assertThat(r.result().updated()).isEqualTo(1);
        assertThat(r.wireBytes()).isLessThan(40_000);
        assertThat(Files.readAllBytes(dst.resolve("etc/app/big.bin"))).isEqualTo(big);
    }

    @Test
    void push_fileChangedAfterScan_isNeverShippedTornAndRetriedWithFreshScan() throws Exception {
        JimfsTrees.write(src, "etc/app/a.conf", "version 0\n");
        push(false);
        JimfsTrees.write(src, "etc/app/a.conf", "version 1, long enough to matter\n");
        var stale = new Scanner(new HashCache(), LATER).scan(src, RULES);
        // Written after the scan: what the plan says and what is read now disagree.
        JimfsTrees.write(src, "etc/app/a.conf", "version 2 -- different length\n");
        int[] scans = {0};
        NodePush.Settings s = new NodePush.Settings("c1", "n1", 1, src, PlanOptions.defaults(), false, false, 1L << 30,
                ProtocolLimits.DEFAULT);

        NodeReport r = NodePush.run("n2", new PipeLink(receiver()), s, () -> scans[0]++ == 0 ? stale
                : new Scanner(new HashCache(), LATER).scan(src, RULES), 1);

        assertThat(r.error()).isNull();
        assertThat(scans[0]).as("a second, fresh scan").isEqualTo(2);
        assertThat(Files.readString(dst.resolve("etc/app/a.conf"))).isEqualTo("version 2 -- different length\n");
    }

    @Test
    void push_dryRun_changesNothing() throws Exception {
        JimfsTrees.write(src, "etc/app/a.conf", "a");

        NodeReport r = push(true);

        assertThat(r.plan().actions()).isNotEmpty();
        assertThat(r.result()).isNull();
        assertThat(Files.exists(dst.resolve("etc"))).isFalse();
    }

    @Test
    void serve_hostileSenderPathOutsideRoots_abortsAndWritesNothing() throws Exception {
        Files.createDirectories(dst.resolve("etc/app"));
        PipeLink link = new PipeLink(receiver());
        FrameWriter w = new FrameWriter(link.out(), ProtocolLimits.DEFAULT);
        FrameReader r = new FrameReader(link.in(), ProtocolLimits.DEFAULT);
        w.send(new Message.Hello(1, 1, "c1", "n1", 1, 0, "n1", true, ""));
        r.expect(Message.Hello.class);
        w.speak(1); // what this sender announced
        r.speak(1);
        FileEntry shadow = new FileEntry(RelPath.of("etc/shadow"), FileKind.FILE, 4, 0644, "root", "root", 0, 0, 1L,
                Digest.of("evil".getBytes()), null);
        w.write(new Message.BatchBegin(1, 1, true, 1));
        w.write(new Message.PlanChunk(List.of(new Action.PutFile(shadow, null))));
        w.write(new Message.FileStart(shadow.path(), 0));
        w.write(new Message.Literal("evil".getBytes(), false, 4));
        w.write(new Message.FileEnd());
        w.send(new Message.BatchEnd());

        Message answer = r.read();

        assertThat(answer).isInstanceOfSatisfying(Message.Aborted.class,
                a -> assertThat(a.code()).isEqualTo("CONFINEMENT"));
        assertThat(Files.exists(dst.resolve("etc/shadow"))).isFalse();
        w.send(new Message.Bye());
        link.served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sweep_markerOfInterruptedBatch_removesTemporariesOnlyThen() throws Exception {
        Path temp = JimfsTrees.write(dst, "etc/app/.confsync-tmp-1234-a.conf", "half");

        receiver().sweep();
        assertThat(Files.exists(temp)).as("a clean start walks nothing").isTrue();

        Files.createDirectories(fs.getPath("/state2"));
        Files.write(fs.getPath("/state2").resolve(Receiver.BATCH_MARKER), new byte[0]);
        receiver().sweep();
        assertThat(Files.exists(temp)).isFalse();
        assertThat(Files.exists(fs.getPath("/state2").resolve(Receiver.BATCH_MARKER))).isFalse();

        push(false);
        assertThat(Files.exists(fs.getPath("/state2").resolve(Receiver.BATCH_MARKER))).as("removed after a batch")
                .isFalse();
    }

    @Test
    void serve_twoSessionsAtOnceInOneProcess_batchesTakeTurns() throws Exception {
        JimfsTrees.write(src, "etc/app/a.conf", "a".repeat(100_000));
        Receiver shared = receiver();
        NodePush.Settings s = new NodePush.Settings("c1", "n1", 1, src, PlanOptions.defaults(), false, false,
                1L << 30, ProtocolLimits.DEFAULT);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var one = pool.submit(() -> NodePush.run("n2", new PipeLink(shared), s,
                    () -> new Scanner(new HashCache(), LATER).scan(src, RULES), 1));
            var two = pool.submit(() -> NodePush.run("n2", new PipeLink(shared), s,
                    () -> new Scanner(new HashCache(), LATER).scan(src, RULES), 1));
            assertThat(one.get(30, TimeUnit.SECONDS).error()).isNull();
            assertThat(two.get(30, TimeUnit.SECONDS).error()).isNull();
        } finally {
            pool.shutdownNow();
        }
        assertThat(Files.readString(dst.resolve("etc/app/a.conf"))).hasSize(100_000);
    }

    @Test
    void serve_wrongCluster_isRefusedWithError() throws Exception {
        PipeLink link = new PipeLink(receiver());
        Sender sender = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);

        assertThatThrownBy(() -> sender.open("other", "n1", new Fence.Standing(1, "n1", 0), true)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("cluster 'other'");
        assertThatThrownBy(() -> link.served.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class);
    }

    @Test
    void serve_unknownSenderNode_isRefused() throws Exception {
        PipeLink link = new PipeLink(receiver());
        Sender sender = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);

        assertThatThrownBy(() -> sender.open("c1", "intruder", new Fence.Standing(1, "intruder", 0), true)).hasMessageContaining("not in this node's");
    }

    @Test
    void negotiate_versions_pickHighestCommonOrRefuse() throws Exception {
        assertThat(Versions.negotiate(1, 1, 2, 1)).isEqualTo(1);
        assertThat(Versions.negotiate(2, 1, 1, 1)).isEqualTo(1);
        assertThat(Versions.negotiate(2, 1, 3, 2)).isEqualTo(2);
        assertThatThrownBy(() -> Versions.negotiate(1, 1, 3, 2)).hasMessageContaining("no common protocol version");
    }

    @Test
    void split_plan_cutsAtActionBoundariesWithinBatchLimit() {
        FileEntry f = new FileEntry(RelPath.of("etc/app/f"), FileKind.FILE, 100, 0644, "r", "r", 0, 0, 1L,
                Digest.EMPTY, null);
        List<Action> actions = List.of(new Action.PutFile(f, null), new Action.PutFile(f, null),
                new Action.PutFile(f, null));
        assertThat(Sender.split(actions, 250)).extracting(List::size).containsExactly(2, 1);
        assertThat(Sender.split(List.of(), 250)).hasSize(1);
    }
}
