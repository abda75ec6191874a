package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Manifest;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A fuzz target: a recorded valid push, mutated (bit flips, truncations, reordered, duplicated and
 * dropped frames, lying lengths, inserted bytes) and replayed against a fresh standby on Jimfs. For
 * every case: no exception but the protocol's own (an {@link IOException}), nothing written outside
 * the standby's roots and state directory, no temporary file left, and the tree unchanged unless
 * the receiver said it committed. {@code -Dconfsync.fuzz.cases=N} runs more (bench/fuzz.sh).
 */
class FuzzSessionTest {

    private static final int CASES = Integer.getInteger("confsync.fuzz.cases", 2000);
    private static final long SEED = Long.getLong("confsync.fuzz.seed", 20261201L);

    @Test
    void serve_mutatedSessions_failOnlyAsTheProtocolSaysAndTouchNothingElse() throws Exception {
        RecordedSession rec;
        try (TwoNodes n = CutSessionTest.fixture()) {
            rec = RecordedSession.of(n);
        }
        SplittableRandom rnd = new SplittableRandom(SEED);
        int committed = 0;
        for (int i = 0; i < CASES; i++) {
            long caseSeed = rnd.nextLong();
            byte[] mutated = mutate(rec, new SplittableRandom(caseSeed));
            committed += run(mutated, "case " + i + " (seed " + caseSeed + ")") ? 1 : 0;
        }
        assertThat(committed).as("some mutations still make a valid batch").isLessThan(CASES);
    }

    /** Replays one case; true if the receiver answered a batch with Committed. */
    private static boolean run(byte[] session, String name) throws Exception {
        try (TwoNodes n = CutSessionTest.fixture()) {
            Manifest before = n.scan(n.dst);
            TreeMap<String, String> elsewhere = everythingBut(n, n.dst.resolve("etc/app"), n.fs.getPath("/state2"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                n.receiver().serve(new ByteArrayInputStream(session), out);
            } catch (IOException expected) {
                // the protocol's own failure: a refusal, a broken or lying stream
            } catch (RuntimeException | Error e) {
                throw new AssertionError(name + ": not a protocol failure: " + e, e);
            }
            assertThat(everythingBut(n, n.dst.resolve("etc/app"), n.fs.getPath("/state2"))).as(name).isEqualTo(elsewhere);
            assertThat(CutSessionTest.temporaries(n.dst)).as(name).isEmpty();
            boolean committed = committed(out.toByteArray());
            if (!committed) {
                assertThat(n.scan(n.dst)).as(name + ": nothing committed, nothing changed").isEqualTo(before);
            }
            return committed;
        }
    }

    private static boolean committed(byte[] replies) {
        FrameReader r = new FrameReader(new ByteArrayInputStream(replies), ProtocolLimits.DEFAULT);
        try {
            while (true) {
                if (r.read() instanceof Message.Committed) {
                    return true;
                }
            }
        } catch (IOException end) {
            return false;
        }
    }

    /** Every file and directory of the file system outside the given trees, with its content. */
    private static TreeMap<String, String> everythingBut(TwoNodes n, Path... trees) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(n.fs.getPath("/"))) {
            for (Path p : s.toList()) {
                if (Stream.of(trees).anyMatch(p::startsWith)) {
                    continue;
                }
                out.put(p.toString(), Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        ? Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1) : "dir or link");
            }
        }
        return out;
    }

    /** One mutation of the recorded bytes. */
    static byte[] mutate(RecordedSession rec, SplittableRandom r) {
        byte[] b = rec.bytes();
        List<Integer> starts = rec.frameStarts();
        switch (r.nextInt(7)) {
            case 0 -> { // bit flips
                for (int k = 1 + r.nextInt(8); k > 0; k--) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
            case 1 -> { // cut anywhere
                return java.util.Arrays.copyOf(b, r.nextInt(b.length));
            }
            case 2 -> { // a frame dropped
                return splice(b, starts, r.nextInt(starts.size()), 0);
            }
            case 3 -> { // a frame duplicated
                return splice(b, starts, r.nextInt(starts.size()), 2);
            }
            case 4 -> { // two adjacent frames swapped
                int i = r.nextInt(Math.max(1, starts.size() - 1));
                List<byte[]> frames = frames(b, starts);
                if (i + 1 < frames.size()) {
                    byte[] t = frames.get(i);
                    frames.set(i, frames.get(i + 1));
                    frames.set(i + 1, t);
                }
                return join(frames);
            }
            case 5 -> { // a lying length
                int at = starts.get(r.nextInt(starts.size()));
                ByteBuffer.wrap(b).putInt(at, r.nextBoolean() ? r.nextInt() : r.nextInt(64));
                return b;
            }
            default -> { // random bytes inserted
                int at = r.nextInt(b.length);
                byte[] junk = new byte[1 + r.nextInt(16)];
                r.nextBytes(junk);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                return out;
            }
        }
    }

    private static List<byte[]> frames(byte[] b, List<Integer> starts) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int from = starts.get(i);
            int to = i + 1 < starts.size() ? starts.get(i + 1) : b.length;
            out.add(java.util.Arrays.copyOfRange(b, from, to));
        }
        return out;
    }

    /** The frames with frame {@code i} present {@code copies} times (0: dropped, 2: duplicated). */
    private static byte[] splice(byte[] b, List<Integer> starts, int i, int copies) {
        List<byte[]> frames = frames(b, starts);
        byte[] f = frames.remove(i);
        for (int k = 0; k < copies; k++) {
            frames.add(i, f);
        }
        return join(frames);
    }

    private static byte[] join(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
