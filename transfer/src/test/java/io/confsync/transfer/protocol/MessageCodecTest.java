package io.confsync.transfer.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Holes;
import io.confsync.manifest.Xattrs;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.plan.Action;
import io.confsync.transfer.delta.Signature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MessageCodecTest {

    private static final FileEntry FILE = new FileEntry(RelPath.of("etc/postfix/main.cf"), FileKind.FILE, 5, 04755,
            "postfix", "postdrop", 100, 101, 1_700_000_000_123_456_789L, Digest.of("hello".getBytes()), null);
    private static final FileEntry LINK = new FileEntry(RelPath.of("etc/l"), FileKind.SYMLINK, 4, 0777, "root",
            "root", 0, 0, 1L, null, "main");
    private static final FileEntry DIR = new FileEntry(RelPath.ROOT, FileKind.DIRECTORY, 0, 02775, "root", "root", 0,
            0, -5L, null, null);
    /** A sparse file hard-linked to an earlier name, with a label, a user attribute and an ACL. */
    private static final FileEntry EXTRAS = new FileEntry(RelPath.of("etc/postfix/main.cf.link"), FileKind.FILE,
            1 << 20, 0640, "root", "root", 0, 0, -86_400_000_000_000L, Digest.of("x".getBytes()), null,
            Xattrs.of(java.util.Map.of("user.origin", "mx1".getBytes(), "security.selinux",
                    "system_u:object_r:postfix_etc_t:s0\0".getBytes(), Xattrs.ACL_ACCESS, new byte[] {2, 0, 0, 0})),
            RelPath.of("etc/postfix/main.cf"), Holes.of(new long[] {0, 4096, 65536, 8192}, 1 << 20));

    static List<Message> samples() {
        return List.of(
                new Message.Hello(1, 1, "mailgw", "mx1", 3, 42, "mx1", true, ""),
                new Message.Hello(1, 1, "mailgw", "mx2", 0, 0, "", false, "push refused: stale source"),
                new Message.Refused("STALE_SOURCE", 4, "mx2", 17, "stale source: mx1 pushes for epoch 3"),
                new Message.ContentRequest(RelPath.of("etc/aliases")),
                new Message.ContentReply("root: ops\n".getBytes(), ""),
                new Message.ContentReply(new byte[0], "missing"),
                new Message.ManifestRequest(),
                new Message.ManifestChunk(List.of(DIR, FILE, LINK, EXTRAS), true),
                new Message.SignatureRequest(7, RelPath.of("etc/x")),
                new Message.SignatureReply(7, new Signature(1024, 1500, new int[] {1, 2}, new long[] {3, 4})),
                new Message.SignatureReply(8, Signature.NONE),
                new Message.BatchBegin(9, 5, true, 12),
                new Message.PlanChunk(List.of(new Action.MakeDirectory(DIR), new Action.PutFile(FILE, null),
                        new Action.PutFile(FILE, FILE), new Action.MakeSymlink(LINK, LINK),
                        new Action.SetMetadata(DIR, null), new Action.Remove(LINK, Action.Reason.TYPE_CHANGE),
                        new Action.MakeLink(EXTRAS, null), new Action.SetMetadata(EXTRAS, FILE))),
                new Message.FileStart(RelPath.of("etc/postfix/main.cf"), 2048),
                new Message.Literal("abc".getBytes(), false, 3),
                new Message.Literal(new byte[] {1, 2}, true, 100),
                new Message.Copy(3, 4),
                new Message.FileEnd(),
                new Message.BatchEnd(),
                new Message.Committed(9, 1, 2, 3, 4, 5, List.of("'newaliases' exit 0 in 3 ms"),
                        List.of("extended attribute trusted.* not kept on /dev/sda1 (vfat): not supported")),
                new Message.Aborted(9, "CONFINEMENT", "refused", List.of("etc/shadow: outside")),
                new Message.Error("VERSION", "no common version"),
                new Message.DriftQuery(),
                new Message.ErrorQuery(),
                new Message.ErrorReport("push refused: split brain", 1_764_633_600_123L),
                new Message.ErrorReport("", -1),
                new Message.DigestQuery(true),
                new Message.DigestReport(-7_000_000_000_000L, 5425),
                new Message.NodeLocalQuery(),
                new Message.NodeLocalReport(17),
                new Message.ConfigOffer(new ClusterFiles("cluster: c\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "[10.0.0.1]:2222 ssh-ed25519 AAAA\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), new byte[0])),
                new Message.IdentityQuery(),
                new Message.IdentityReport("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"),
                new Message.IdentityReport(""),
                new Message.ConfigAnswer(Message.ConfigAnswer.REFUSED, "node 'n2' is not in the nodes list"),
                new Message.DriftReport(List.of(RelPath.of("etc/a"), RelPath.of("etc/b"))),
                new Message.Bye());
    }

    private static byte[] frames(List<Message> messages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FrameWriter w = new FrameWriter(bytes, ProtocolLimits.DEFAULT);
        for (Message m : messages) {
            w.write(m);
        }
        w.flush();
        return bytes.toByteArray();
    }

    @Test
    void read_everyMessageType_roundTrips() throws Exception {
        byte[] all = frames(samples());
        FrameReader r = new FrameReader(new ByteArrayInputStream(all), ProtocolLimits.DEFAULT);
        List<Message> back = new ArrayList<>();
        for (int i = 0; i < samples().size(); i++) {
            back.add(r.read());
        }
        assertThat(back).isEqualTo(samples());
        assertThat(r.bytes()).isEqualTo(all.length);
        assertThatThrownBy(r::read).isInstanceOf(ProtocolException.class).hasMessageContaining("closed");
    }

    @Test
    void encode_forAVersion3Peer_entriesWithoutExtrasAndNoHardLinks() throws Exception {
        byte[] old = MessageCodec.encode(new Message.ManifestChunk(List.of(EXTRAS, FILE), true), 3);

        Message back = MessageCodec.decode(MessageCodec.MANIFEST_CHUNK, old, ProtocolLimits.DEFAULT, 3);

        FileEntry plain = new FileEntry(EXTRAS.path(), EXTRAS.kind(), EXTRAS.size(), EXTRAS.mode(), EXTRAS.owner(),
                EXTRAS.group(), EXTRAS.uid(), EXTRAS.gid(), EXTRAS.mtimeNanos(), EXTRAS.digest(), null);
        assertThat(back).isEqualTo(new Message.ManifestChunk(List.of(plain, FILE), true));
        assertThat(MessageCodec.encode(new Message.Committed(1, 0, 0, 0, 0, 0, List.of(), List.of("x")), 3))
                .as("no notices for a peer that cannot read them")
                .isEqualTo(MessageCodec.encode(new Message.Committed(1, 0, 0, 0, 0, 0, List.of(), List.of()), 3));
        assertThatThrownBy(() -> MessageCodec.encode(new Message.PlanChunk(List.of(new Action.MakeLink(EXTRAS, null))),
                3)).hasMessageContaining("hard link");
    }

    @Test
    void read_linkWithoutItsFirstName_isRefused() throws Exception {
        PayloadOut o = new PayloadOut().i32(1).u8(6).entry(FILE).bool(false);
        assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.PLAN_CHUNK, o.toByteArray(), ProtocolLimits.DEFAULT))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("hard link");
    }

    @Test
    void read_holeBeyondTheFileSize_isRefused() throws Exception {
        FileEntry small = new FileEntry(FILE.path(), FileKind.FILE, 100, 0644, "root", "root", 0, 0, 0,
                Digest.of(new byte[100]), null, Xattrs.NONE, null, Holes.of(new long[] {0, 100}, 100));
        byte[] bytes = new PayloadOut().i32(1).entry(small).bool(true).toByteArray();
        bytes[bytes.length - 2] = 101; // the hole's length, last byte of its i64, before the chunk's bool
        assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.MANIFEST_CHUNK, bytes, ProtocolLimits.DEFAULT))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("bad hole");
    }

    @Test
    void read_hugeLength_isRefusedBeforeAllocating() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        new DataOutputStream(b).writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(b.toByteArray()), ProtocolLimits.DEFAULT)
                .read()).isInstanceOf(ProtocolException.class).hasMessageContaining("frame length");
    }

    @Test
    void read_hugeCountsInsideFrame_areRefused() throws Exception {
        PayloadOut o = new PayloadOut().i32(Integer.MAX_VALUE);
        assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.MANIFEST_CHUNK, o.toByteArray(),
                ProtocolLimits.DEFAULT)).hasMessageContaining("count");
        PayloadOut sig = new PayloadOut().i32(1).i32(1024).i64(1L << 40).i32(1 << 30);
        assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.SIGNATURE_REPLY, sig.toByteArray(),
                ProtocolLimits.DEFAULT)).hasMessageContaining("count");
    }

    @Test
    void read_hostilePaths_areRefused() {
        for (String bad : List.of("../x", "/etc/shadow", "a/../../b", "a\u0000b")) {
            PayloadOut o = new PayloadOut().i32(1).string(bad);
            assertThatThrownBy(() -> MessageCodec.decode(MessageCodec.SIGNATURE_REQUEST, o.toByteArray(),
                    ProtocolLimits.DEFAULT)).as(bad).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("bad path");
        }
    }

    @Test
    void read_truncatedFrames_endInProtocolException() throws Exception {
        byte[] all = frames(samples());
        for (int cut = 0; cut < all.length; cut += 7) {
            FrameReader r = new FrameReader(new ByteArrayInputStream(Arrays.copyOf(all, cut)), ProtocolLimits.DEFAULT);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    r.read();
                }
            }).isInstanceOf(ProtocolException.class);
        }
    }

    @Test
    void read_randomBytesFuzz_alwaysEndsInProtocolException() {
        Random rnd = new Random(1234);
        ProtocolLimits small = new ProtocolLimits(64 * 1024, 4096, 4096, 1 << 16, 1000);
        for (int run = 0; run < 20_000; run++) {
            byte[] junk = new byte[rnd.nextInt(200)];
            rnd.nextBytes(junk);
            if (junk.length >= 5 && rnd.nextBoolean()) {
                // A plausible header makes the fuzz reach the payload decoders.
                int len = junk.length - 5;
                junk[0] = 0;
                junk[1] = 0;
                junk[2] = (byte) (len >> 8);
                junk[3] = (byte) len;
                junk[4] = (byte) (1 + rnd.nextInt(16));
            }
            FrameReader r = new FrameReader(new ByteArrayInputStream(junk), small);
            try {
                for (int i = 0; i < 10; i++) {
                    r.read();
                }
            } catch (ProtocolException expected) {
                continue;
            } catch (Exception | Error other) {
                throw new AssertionError("run " + run + ": " + other, other);
            }
        }
    }

    @Test
    void read_mutatedValidFrames_endInProtocolExceptionOrDecode() throws Exception {
        byte[] valid = frames(samples());
        Random rnd = new Random(99);
        for (int run = 0; run < 5_000; run++) {
            byte[] m = valid.clone();
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            FrameReader r = new FrameReader(new ByteArrayInputStream(m), ProtocolLimits.DEFAULT);
            try {
                for (int i = 0; i < samples().size() + 1; i++) {
                    r.read();
                }
            } catch (ProtocolException expected) {
                continue;
            } catch (Exception | Error other) {
                throw new AssertionError("run " + run + ": " + other, other);
            }
        }
    }
}
