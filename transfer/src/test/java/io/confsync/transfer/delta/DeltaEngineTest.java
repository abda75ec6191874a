package io.confsync.transfer.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeltaEngineTest {

    @TempDir
    Path tmp;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Encodes, patches against the basis on disk, returns the result and the delta's counts. */
    private byte[] roundTrip(byte[] basis, byte[] target, long[] literalBytes) throws IOException {
        Path b = Files.write(tmp.resolve("basis"), basis);
        Signature sig = DeltaEngine.signature(new ByteArrayInputStream(basis), basis.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FileChannel ch = FileChannel.open(b, StandardOpenOption.READ)) {
            Patcher p = new Patcher(ch, basis.length, sig.blockSize(), out, target.length);
            DeltaEngine.encode(target, sig, new DeltaSink() {
                @Override
                public void copy(int block, int count) throws IOException {
                    p.copy(block, count);
                }

                @Override
                public void literal(byte[] data, int off, int len) throws IOException {
                    literalBytes[0] += len;
                    p.literal(data, off, len);
                }
            });
            p.finish();
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"insert,0", "insert,50000", "insert,99999", "delete,0", "delete,50000", "delete,99000",
        "replace,0", "replace,50000", "replace,99990"})
    void encode_editAtStartMiddleEnd_roundTripsWithSmallLiteral(String edit, int at) throws Exception {
        byte[] basis = random(100_000, 1);
        byte[] target = switch (edit) {
            case "insert" -> concat(Arrays.copyOf(basis, at), "INSERTED".getBytes(),
                    Arrays.copyOfRange(basis, at, basis.length));
            case "delete" -> concat(Arrays.copyOf(basis, at), Arrays.copyOfRange(basis, at + 1000, basis.length));
            default -> {
                byte[] t = basis.clone();
                for (int i = at; i < Math.min(at + 10, t.length); i++) {
                    t[i] ^= 0x55;
                }
                yield t;
            }
        };
        long[] literal = {0};

        assertThat(roundTrip(basis, target, literal)).isEqualTo(target);
        assertThat(literal[0]).isLessThanOrEqualTo(2L * DeltaEngine.blockSize(basis.length) + 8);
    }

    @Test
    void encode_emptyFiles_roundTrip() throws Exception {
        assertThat(roundTrip(new byte[0], new byte[0], new long[1])).isEmpty();
        assertThat(roundTrip(new byte[0], "new".getBytes(), new long[1])).isEqualTo("new".getBytes());
        assertThat(roundTrip(random(5000, 2), new byte[0], new long[1])).isEmpty();
    }

    @Test
    void encode_unchangedFile_isAllCopies() throws Exception {
        byte[] basis = random(300_000, 3);
        long[] literal = {0};
        assertThat(roundTrip(basis, basis, literal)).isEqualTo(basis);
        assertThat(literal[0]).isZero();
    }

    @Test
    void wireBytes_oneByteChangeIn10MiB_atMost64KiB() throws Exception {
        byte[] basis = random(10 << 20, 4);
        byte[] target = basis.clone();
        target[5 << 20] ^= 1;
        CountingSink counting = new CountingSink();
        FrameWriter w = new FrameWriter(OutputStream.nullOutputStream(), ProtocolLimits.DEFAULT);
        Signature sig = DeltaEngine.signature(new ByteArrayInputStream(basis), basis.length);
        w.write(new Message.SignatureReply(1, sig));
        DeltaEngine.encode(target, sig, new DeltaSink() {
            @Override
            public void copy(int block, int count) throws IOException {
                w.write(new Message.Copy(block, count));
            }

            @Override
            public void literal(byte[] data, int off, int len) throws IOException {
                w.write(new Message.Literal(Arrays.copyOfRange(data, off, off + len), false, len));
            }
        });

        assertThat(w.bytes()).isLessThanOrEqualTo(64 * 1024);
        assertThat(roundTrip(basis, target, counting.literal)).isEqualTo(target);
    }

    @Test
    void patcher_badBlockSizeOrRange_isRefused() throws Exception {
        Path b = Files.write(tmp.resolve("basis"), random(50_000, 5));
        int bs = DeltaEngine.blockSize(50_000);
        try (FileChannel ch = FileChannel.open(b)) {
            assertThatThrownBy(() -> new Patcher(ch, 50_000, 0x7fffffff, OutputStream.nullOutputStream(), 10))
                    .isInstanceOf(DeltaException.class);
            assertThatThrownBy(() -> new Patcher(ch, 50_000, 1, OutputStream.nullOutputStream(), 10))
                    .isInstanceOf(DeltaException.class);
            Patcher p = new Patcher(ch, 50_000, bs, OutputStream.nullOutputStream(), 100_000);
            assertThatThrownBy(() -> p.copy(1000, 1)).hasMessageContaining("outside");
            assertThatThrownBy(() -> p.copy(-1, 1)).hasMessageContaining("outside");
            Patcher small = new Patcher(ch, 50_000, bs, OutputStream.nullOutputStream(), 10);
            assertThatThrownBy(() -> small.literal(new byte[11], 0, 11)).hasMessageContaining("more than the declared");
            assertThatThrownBy(small::finish).hasMessageContaining("declared");
        }
        assertThatThrownBy(() -> new Patcher(null, 0, 1024, OutputStream.nullOutputStream(), 1))
                .hasMessageContaining("does not have");
    }

    @Test
    void roll_matchesFreshChecksum() {
        byte[] d = random(5000, 6);
        int sum = RollingChecksum.of(d, 0, 1000);
        for (int i = 0; i + 1000 < d.length; i++) {
            sum = RollingChecksum.roll(sum, d[i], d[i + 1000], 1000);
            assertThat(sum).isEqualTo(RollingChecksum.of(d, i + 1, 1000));
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    private static final class CountingSink {
        final long[] literal = {0};
    }
}
