package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.Scanner;
import io.confsync.transfer.apply.ApplyOptions;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;
import io.confsync.transfer.protocol.ProtocolLimits;
import io.confsync.transfer.protocol.RefusedException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Read-only sessions (audit, status, promote's survey) and refusals by the fence. */
class ReadOnlySessionTest {

    private static final PathRules RULES = new PathRules(List.of(SyncRoot.of(RelPath.of("etc/app"))));
    private static final Fence.Standing N1_AT_1 = new Fence.Standing(1, "n1", 3);

    private FileSystem fs;
    private Path dst;

    @BeforeEach
    void setUp() throws Exception {
        fs = JimfsTrees.unix();
        dst = Files.createDirectories(fs.getPath("/n2"));
        JimfsTrees.write(dst, "etc/app/a.conf", "a = 1\n");
        JimfsTrees.write(dst, "etc/other.conf", "outside\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        fs.close();
    }

    private Receiver receiver(Fence fence) {
        return receiver(fence, RULES);
    }

    private Receiver receiver(Fence fence, PathRules rules) {
        return new Receiver(new ReceiverSettings("c1", "n2", Set.of("n1"), dst, rules, fs.getPath("/state2"), 5,
                ApplyOptions.defaults(), 1L << 30, ProtocolLimits.DEFAULT, List.of(), null, fence), Clock.systemUTC());
    }

    @Test
    void manifestDigest_readOnly_isTheDigestOfTheManifestItWouldSend() throws Exception {
        PipeLink link = new PipeLink(receiver(new OpenFence()));
        Sender s = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);
        s.open("c1", "n1", N1_AT_1, false);

        long told = s.manifestDigest(true).orElseThrow();
        assertThat(told).isEqualTo(io.confsync.manifest.plan.Drift.digest(s.manifest(), true));
        assertThat(s.manifestDigest(false).orElseThrow())
                .isEqualTo(io.confsync.manifest.plan.Drift.digest(s.manifest(), false));
        s.close();
        link.served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void nodeLocalPaths_afterDigestOrAlone_countsThePathsLeftOutOfTheManifest() throws Exception {
        JimfsTrees.write(dst, "etc/app/host.local", "n2\n");
        JimfsTrees.write(dst, "etc/app/keys/a.local", "k\n");
        PathRules rules = new PathRules(List.of(new SyncRoot(RelPath.of("etc/app"), List.of(),
                List.of(io.confsync.manifest.Glob.compile("*.local")))));
        for (boolean digestFirst : List.of(true, false)) {
            PipeLink link = new PipeLink(receiver(new OpenFence(), rules));
            Sender s = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);
            s.open("c1", "n1", N1_AT_1, false);
            if (digestFirst) {
                s.manifestDigest(true);
            }

            assertThat(s.nodeLocalPaths()).isEqualTo(2);
            assertThat(s.manifest().entries()).extracting(e -> e.path().value())
                    .containsExactly("etc/app", "etc/app/a.conf", "etc/app/keys");
            s.close();
            link.served.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void lastError_recordedOnStandby_toldWithItsTime() throws Exception {
        OpenFence fence = new OpenFence();
        fence.holding("n1", 4, 9);
        Path state = Files.createDirectories(fs.getPath("/state2"));
        java.time.Instant at = java.time.Instant.parse("2026-12-02T10:11:06.123Z");
        new LastError(state.resolve(LastError.FILE_NAME)).set("batch aborted: disk full", 4, at);
        PipeLink link = new PipeLink(receiver(fence));
        Sender s = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);

        assertThat(s.open("c1", "n1", N1_AT_1, false).lastError()).isEqualTo("batch aborted: disk full");
        assertThat(s.lastError()).isEqualTo(new Message.ErrorReport("batch aborted: disk full", at.toEpochMilli()));
        s.close();
        link.served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void lastError_peerOfProtocolOne_hellosErrorWithoutTimeAndNoQuery() throws Exception {
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(answer, ProtocolLimits.DEFAULT);
        w.send(new Message.Hello(1, 1, "c1", "n2", 4, 9, "n1", false, "push refused: stale"));
        java.io.ByteArrayOutputStream asked = new java.io.ByteArrayOutputStream();
        Sender s = new Sender(new java.io.ByteArrayInputStream(answer.toByteArray()), asked, ProtocolLimits.DEFAULT);
        s.open("c1", "n1", N1_AT_1, false);
        int helloBytes = asked.size();

        assertThat(s.lastError()).isEqualTo(new Message.ErrorReport("push refused: stale", -1));
        assertThat(s.manifestDigest(true)).as("a manifest is fetched instead").isEmpty();
        assertThat(s.nodeLocalPaths()).as("unknown").isEqualTo(-1);
        assertThat(asked.size()).as("nothing more is sent to a peer that cannot answer").isEqualTo(helloBytes);
    }

    @Test
    void open_readOnly_answersStandingAndServesManifestAndContent() throws Exception {
        OpenFence fence = new OpenFence();
        fence.holding("n1", 4, 9);
        PipeLink link = new PipeLink(receiver(fence));
        Sender s = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);

        Message.Hello peer = s.open("c1", "n1", N1_AT_1, false);

        assertThat(peer.epoch()).isEqualTo(4);
        assertThat(peer.seq()).isEqualTo(9);
        assertThat(peer.source()).isEqualTo("n1");
        assertThat(s.manifest().get(RelPath.of("etc/app/a.conf"))).isNotNull();
        assertThat(new String(s.content(RelPath.of("etc/app/a.conf")).data())).isEqualTo("a = 1\n");
        assertThat(s.content(RelPath.of("etc/other.conf")).problem()).contains("not in this node's sync set");
        assertThat(s.content(RelPath.of("etc/app/none")).problem()).isEqualTo("missing");
        assertThat(s.content(RelPath.of("etc/app")).problem()).isEqualTo("not a regular file");
        s.close();
        link.served.get(10, TimeUnit.SECONDS);
    }

    @Test
    void serve_batchInReadOnlySession_isProtocolError() throws Exception {
        PipeLink link = new PipeLink(receiver(new OpenFence()));
        FrameWriter w = new FrameWriter(link.out(), ProtocolLimits.DEFAULT);
        FrameReader r = new FrameReader(link.in(), ProtocolLimits.DEFAULT);
        w.send(new Message.Hello(1, 1, "c1", "n1", 1, 0, "n1", false, ""));
        r.expect(Message.Hello.class);

        w.send(new Message.BatchBegin(1, 0, false, 1));

        assertThatThrownBy(() -> r.expect(Message.Committed.class)).hasMessageContaining("read-only session");
        assertThatThrownBy(() -> link.served.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class);
    }

    @Test
    void open_pushRefusedByFence_throwsRefusedAndLeavesLastError() throws Exception {
        Fence refusing = new OpenFence() {
            @Override
            public Optional<Message.Refused> admit(String sender, long epoch) {
                return Optional.of(new Message.Refused("STALE_SOURCE", 2, "n3", 5, "stale source: n1"));
            }
        };
        PipeLink link = new PipeLink(receiver(refusing));
        Sender s = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);

        assertThatThrownBy(() -> s.open("c1", "n1", N1_AT_1, true)).isInstanceOfSatisfying(RefusedException.class,
                e -> {
                    assertThat(e.stale()).isTrue();
                    assertThat(e.refusal().source()).isEqualTo("n3");
                });
        link.served.get(10, TimeUnit.SECONDS);

        PipeLink again = new PipeLink(receiver(refusing));
        Message.Hello peer = new Sender(again.in(), again.out(), ProtocolLimits.DEFAULT).open("c1", "n1", N1_AT_1,
                false);
        assertThat(peer.lastError()).isEqualTo("stale source: n1");
    }

    @Test
    void push_fenceMovesOnAfterHello_batchRefusedAndNothingWritten() throws Exception {
        boolean[] moved = {false};
        Fence fence = new OpenFence() {
            @Override
            public Optional<Message.Refused> admit(String sender, long epoch) {
                return moved[0] ? Optional.of(new Message.Refused("STALE_SOURCE", 2, "n3", 0, "stale source"))
                        : Optional.empty();
            }
        };
        Path src = Files.createDirectories(fs.getPath("/n1"));
        JimfsTrees.write(src, "etc/app/new.conf", "x".repeat(40_000));
        PipeLink link = new PipeLink(receiver(fence));
        NodePush.Settings settings = new NodePush.Settings("c1", "n1", 1, src, PlanOptions.defaults(), false, false,
                1L << 30, ProtocolLimits.DEFAULT);
        NodeReport r = NodePush.run("n2", link, settings, () -> {
            moved[0] = true;
            return new Scanner(new HashCache(), Clock.systemUTC()).scan(src, RULES);
        }, 4);

        assertThat(r.refused()).isNotNull();
        assertThat(r.error()).isEqualTo("stale source");
        assertThat(Files.exists(dst.resolve("etc/app/new.conf"))).isFalse();
        link.served.get(10, TimeUnit.SECONDS);
    }
}
