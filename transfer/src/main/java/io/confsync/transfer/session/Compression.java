package io.confsync.transfer.session;

import io.confsync.transfer.protocol.Message;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * Turns literal bytes into {@link Message.Literal}s: LZ4 when it saves at least an eighth. It
 * stops trying on data that does not compress (keys, archives, databases such as aliases.db):
 * after a window of 4 MiB that saved less than an eighth, the next 16 MiB go as they are, then it
 * tries again. Compressing what does not shrink only costs CPU on both ends. Not thread-safe.
 */
final class Compression {

    static final long WINDOW = 4L << 20;
    static final long PAUSE = 16L << 20;
    private static final LZ4Compressor LZ4 = LZ4Factory.safeInstance().fastCompressor();

    private final int maxFrame;
    private long tried;
    private long saved;
    private long pauseLeft;

    /** @param maxFrame the codec's frame limit; a compressed literal must fit in one frame */
    Compression(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    /** The literal for {@code len} bytes of {@code buf} from {@code off}. */
    Message.Literal literal(byte[] buf, int off, int len) {
        if (pauseLeft > 0) {
            pauseLeft -= len;
            return raw(buf, off, len);
        }
        byte[] packed = new byte[LZ4.maxCompressedLength(len)];
        int n = LZ4.compress(buf, off, len, packed, 0);
        boolean worth = n < len - len / 8 && n <= maxFrame - 64;
        tried += len;
        saved += worth ? len - n : 0;
        if (tried >= WINDOW) {
            if (saved < tried / 8) {
                pauseLeft = PAUSE;
            }
            tried = 0;
            saved = 0;
        }
        return worth ? new Message.Literal(Arrays.copyOf(packed, n), true, len) : raw(buf, off, len);
    }

    private static Message.Literal raw(byte[] buf, int off, int len) {
        return new Message.Literal(Arrays.copyOfRange(buf, off, off + len), false, len);
    }
}
