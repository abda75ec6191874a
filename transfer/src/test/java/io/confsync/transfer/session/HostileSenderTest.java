package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.plan.Action;
import io.confsync.transfer.apply.ApplyOptions;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sender speaking hand-made frames: the receiver's bounds hold whatever it sends. */
class HostileSenderTest {

    private TwoNodes nodes;

    @BeforeEach
    void setUp() throws Exception {
        nodes = new TwoNodes();
        JimfsTrees.write(nodes.dst, "etc/app/a.conf", "a\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    private Receiver receiver(BatchLimits limits) {
        return new Receiver(new ReceiverSettings("c1", "n2", Set.of("n1"), nodes.dst, TwoNodes.RULES,
                nodes.fs.getPath("/state2"), 5, ApplyOptions.defaults(), 1L << 30, ProtocolLimits.DEFAULT, List.of(),
                null, new OpenFence(), limits, ConfigKeeper.NONE), TwoNodes.LATER);
    }

    /** Opens a push session by hand; returns the writer, after reading the receiver's hello. */
    private static FrameWriter open(PipeLink link) throws Exception {
        FrameWriter w = new FrameWriter(link.out(), ProtocolLimits.DEFAULT);
        w.send(new Message.Hello(Versions.CURRENT, Versions.OLDEST, "c1", "n1", 1, 1, "n1", true, ""));
        new FrameReader(link.in(), ProtocolLimits.DEFAULT).expect(Message.Hello.class);
        return w;
    }

    @Test
    void batch_announcingBillionsOfActions_refusedAtOnce() throws Exception {
        PipeLink link = new PipeLink(receiver(BatchLimits.DEFAULT));
        FrameWriter w = open(link);

        w.send(new Message.BatchBegin(1, Integer.MAX_VALUE, false, 2));

        assertThatThrownBy(() -> link.served.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("limits.max-plan-actions");
    }

    @Test
    void batch_planBeyondItsByteBound_refusedBeforeItIsHeld() throws Exception {
        PipeLink link = new PipeLink(receiver(new BatchLimits(1_000_000, 1 << 20, Duration.ofSeconds(60),
                Duration.ofMinutes(5))));
        FrameWriter w = open(link);
        w.send(new Message.BatchBegin(1, 1_000_000, false, 2));
        String longName = "x".repeat(200);
        List<Action> chunk = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            chunk.add(new Action.MakeDirectory(new FileEntry(RelPath.of("etc/app/" + longName + i), FileKind.DIRECTORY,
                    0, 0755, "root", "root", 0, 0, 0, null, null)));
        }
        try {
            for (int i = 0; i < 100 && !link.served.isDone(); i++) {
                w.send(new Message.PlanChunk(chunk));
            }
        } catch (java.io.IOException e) {
            // the receiver closed the pipe: refused
        }

        assertThatThrownBy(() -> link.served.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("bound on a plan in memory");
    }

    @Test
    void batch_senderGoesSilent_abortedWithinItsIdleBoundAndTheLockIsFree() throws Exception {
        PipeLink stalled = new PipeLink(receiver(new BatchLimits(1_000_000, 1 << 20, Duration.ofMillis(300),
                Duration.ofMinutes(5))));
        FrameWriter w = open(stalled);
        FileEntry e = new FileEntry(RelPath.of("etc/app/b.conf"), FileKind.FILE, 5, 0644, "root", "root", 0, 0,
                JimfsTrees.OLD_MTIME, io.confsync.manifest.Digest.of("hello".getBytes()), null);
        w.send(new Message.BatchBegin(1, 1, false, 2));
        w.send(new Message.PlanChunk(List.of(new Action.PutFile(e, null))));
        w.send(new Message.FileStart(e.path(), 0));
        // ... and nothing more: a link that went silent mid-batch.

        assertThatThrownBy(() -> stalled.served.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("limits.batch-idle");
        assertThat(CutSessionTest.temporaries(nodes.dst)).isEmpty();
        // Another session (the real source after a restart) gets in and commits.
        JimfsTrees.write(nodes.src, "etc/app/a.conf", "a\n");
        JimfsTrees.write(nodes.src, "etc/app/c.conf", "c\n");
        NodeReport r = nodes.push(new PipeLink(nodes.receiver()), false);
        assertThat(r.error()).isNull();
        assertThat(nodes.dst.resolve("etc/app/c.conf")).exists();
    }

    @Test
    void batch_tricklingForever_abortedAtItsTimeBound() throws Exception {
        PipeLink link = new PipeLink(receiver(new BatchLimits(1_000_000, 64L << 20, Duration.ofSeconds(5),
                Duration.ofMillis(500))));
        FrameWriter w = open(link);
        w.send(new Message.BatchBegin(1, 1_000_000, false, 2));
        List<Action> one = List.of(new Action.MakeDirectory(new FileEntry(RelPath.of("etc/app/d"), FileKind.DIRECTORY,
                0, 0755, "root", "root", 0, 0, 0, null, null)));
        try {
            for (int i = 0; i < 200 && !link.served.isDone(); i++) {
                w.send(new Message.PlanChunk(one)); // a frame every 20 ms: never idle, never done
                Thread.sleep(20);
            }
        } catch (java.io.IOException e) {
            // closed by the receiver
        }

        assertThatThrownBy(() -> link.served.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ProtocolException.class)
                .hasMessageContaining("limits.batch-time");
    }
}
