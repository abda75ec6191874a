package io.confsync.transfer.delta;

import io.confsync.manifest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Signatures and deltas. Block size follows the basis size ({@link #blockSize}); files below
 * {@link #WHOLE_FILE_THRESHOLD} are always sent whole, as a delta cannot save much there.
 */
public final class DeltaEngine {

    /** Files smaller than this are sent whole. */
    public static final int WHOLE_FILE_THRESHOLD = 16 * 1024;
    /** Smallest block. */
    public static final int MIN_BLOCK = 1024;
    /** Largest block. */
    public static final int MAX_BLOCK = 128 * 1024;
    /** Most blocks in one signature. */
    public static final int MAX_BLOCKS = 1 << 16;
    /** Largest literal handed to the sink at once. */
    public static final int LITERAL_CHUNK = 64 * 1024;

    private DeltaEngine() {
    }

    /**
     * The block size for a basis of {@code size} bytes: about sqrt(12 * size), which balances the
     * 12 bytes of signature per block against one block of literal per edit, rounded up to 64,
     * clamped to [1 KiB, 128 KiB] and grown so that no signature exceeds {@link #MAX_BLOCKS}.
     */
    public static int blockSize(long size) {
        long b = (long) Math.ceil(Math.sqrt(12.0 * size));
        b = (b + 63) / 64 * 64;
        b = Math.max(MIN_BLOCK, Math.min(MAX_BLOCK, b));
        long forCount = (size + MAX_BLOCKS - 1) / MAX_BLOCKS;
        return (int) Math.max(b, forCount);
    }

    /**
     * Reads a basis and returns its signature.
     *
     * @throws IOException from the stream, or if it holds fewer bytes than {@code size}
     */
    public static Signature signature(InputStream basis, long size) throws IOException {
        int bs = blockSize(size);
        int n = (int) ((size + bs - 1) / bs);
        if (n > MAX_BLOCKS) {
            throw new IOException("basis of " + size + " bytes is too large for a delta");
        }
        int[] weak = new int[n];
        long[] strong = new long[n];
        byte[] buf = new byte[bs];
        for (int i = 0; i < n; i++) {
            int len = (int) Math.min(bs, size - (long) i * bs);
            if (basis.readNBytes(buf, 0, len) != len) {
                throw new IOException("basis shorter than its size " + size);
            }
            weak[i] = RollingChecksum.of(buf, 0, len);
            strong[i] = Digest.of(buf, 0, len).value();
        }
        return new Signature(bs, size, weak, strong);
    }

    /**
     * Emits the delta that turns the basis described by {@code sig} into {@code data}.
     *
     * @throws IOException from the sink
     */
    public static void encode(byte[] data, Signature sig, DeltaSink sink) throws IOException {
        new Encoder(data, sig, sink).run();
    }

    /** Emits {@code data} as literals only. */
    public static void whole(byte[] data, int len, DeltaSink sink) throws IOException {
        for (int off = 0; off < len; off += LITERAL_CHUNK) {
            sink.literal(data, off, Math.min(LITERAL_CHUNK, len - off));
        }
    }

    /** One encoding pass: a chained hash table of weak sums, a sliding window, merged copies. */
    private static final class Encoder {
        private final byte[] data;
        private final Signature sig;
        private final DeltaSink sink;
        private final int[] head;
        private final int[] next;
        private final int mask;
        private int literalStart;
        private int copyStart = -1;
        private int copyCount;

        Encoder(byte[] data, Signature sig, DeltaSink sink) {
            this.data = data;
            this.sig = sig;
            this.sink = sink;
            int size = Integer.highestOneBit(Math.max(16, sig.blocks() * 2 - 1) << 1);
            this.head = new int[size];
            this.next = new int[sig.blocks()];
            this.mask = size - 1;
            Arrays.fill(head, -1);
            for (int i = sig.blocks() - 1; i >= 0; i--) {
                int slot = mix(sig.weak()[i]) & mask;
                next[i] = head[slot];
                head[slot] = i;
            }
        }

        private static int mix(int h) {
            return h ^ (h >>> 15) * 0x2c1b3c6d;
        }

        void run() throws IOException {
            int bs = sig.blockSize();
            int n = data.length;
            int pos = 0;
            if (bs > 0 && n >= bs) {
                int sum = RollingChecksum.of(data, 0, bs);
                while (true) {
                    int match = find(sum, pos, bs);
                    if (match >= 0) {
                        emitCopy(pos, match);
                        pos += bs;
                        if (pos + bs > n) {
                            break;
                        }
                        sum = RollingChecksum.of(data, pos, bs);
                    } else if (pos + bs < n) {
                        sum = RollingChecksum.roll(sum, data[pos], data[pos + bs], bs);
                        pos++;
                    } else {
                        break;
                    }
                }
            }
            matchShortTail(n);
            flushLiteral(n);
            flushCopy();
        }

        /** The basis's last block may be short: match it against the end of the data. */
        private void matchShortTail(int n) throws IOException {
            int last = sig.blocks() - 1;
            if (last < 0) {
                return;
            }
            int len = sig.blockLength(last);
            int at = n - len;
            if (len < sig.blockSize() && at >= literalStart && len > 0
                    && RollingChecksum.of(data, at, len) == sig.weak()[last]
                    && Digest.of(data, at, len).value() == sig.strong()[last]) {
                emitCopy(at, last);
                literalStart = n;
            }
        }

        private int find(int sum, int pos, int bs) {
            long strong = 0;
            boolean strongDone = false;
            for (int i = head[mix(sum) & mask]; i >= 0; i = next[i]) {
                if (sig.weak()[i] != sum || sig.blockLength(i) != bs) {
                    continue;
                }
                if (!strongDone) {
                    strong = Digest.of(data, pos, bs).value();
                    strongDone = true;
                }
                if (sig.strong()[i] == strong) {
                    // Prefer the block that continues the current copy run.
                    if (copyStart >= 0 && i != copyStart + copyCount) {
                        int preferred = copyStart + copyCount;
                        if (preferred < sig.blocks() && sig.weak()[preferred] == sum
                                && sig.strong()[preferred] == strong && sig.blockLength(preferred) == bs) {
                            return preferred;
                        }
                    }
                    return i;
                }
            }
            return -1;
        }

        private void emitCopy(int pos, int block) throws IOException {
            flushLiteral(pos);
            if (copyStart >= 0 && block == copyStart + copyCount) {
                copyCount++;
            } else {
                flushCopy();
                copyStart = block;
                copyCount = 1;
            }
            literalStart = pos + sig.blockLength(block);
        }

        private void flushLiteral(int end) throws IOException {
            if (end > literalStart) {
                flushCopy();
                for (int off = literalStart; off < end; off += LITERAL_CHUNK) {
                    sink.literal(data, off, Math.min(LITERAL_CHUNK, end - off));
                }
                literalStart = end;
            }
        }

        private void flushCopy() throws IOException {
            if (copyStart >= 0) {
                sink.copy(copyStart, copyCount);
                copyStart = -1;
                copyCount = 0;
            }
        }
    }
}
