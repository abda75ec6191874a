package io.confsync.transfer.delta;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Rebuilds a file from a basis and delta instructions, refusing anything that does not fit: block
 * indices out of range, more bytes than declared, a block size that is zero or not the one the
 * basis would have, too many blocks. Does not verify the digest; the applier does.
 */
public final class Patcher implements DeltaSink {

    private final FileChannel basis;
    private final long basisSize;
    private final int blockSize;
    private final int blocks;
    private final OutputStream out;
    private final long expected;
    private long written;

    /**
     * @param basis     the receiver's current file, or null when the content comes whole
     * @param basisSize its size
     * @param blockSize the block size the sender used; 0 for whole content
     * @param out       where the new content goes
     * @param expected  the declared size of the new content
     * @throws DeltaException if the block size cannot be right for this basis
     */
    public Patcher(FileChannel basis, long basisSize, int blockSize, OutputStream out, long expected)
            throws DeltaException {
        if (blockSize != 0) {
            if (basis == null) {
                throw new DeltaException("delta against a basis the receiver does not have");
            }
            // The block size is a function of the basis size: anything else (zero, huge) is refused.
            if (blockSize != DeltaEngine.blockSize(basisSize)) {
                throw new DeltaException("block size " + blockSize + " does not fit a basis of " + basisSize
                        + " bytes");
            }
        }
        long n = blockSize == 0 ? 0 : (basisSize + blockSize - 1) / blockSize;
        if (n > DeltaEngine.MAX_BLOCKS) {
            throw new DeltaException("too many blocks: " + n);
        }
        this.basis = basis;
        this.basisSize = basisSize;
        this.blockSize = blockSize;
        this.blocks = (int) n;
        this.out = out;
        this.expected = expected;
    }

    @Override
    public void copy(int block, int count) throws IOException {
        if (block < 0 || count < 1 || (long) block + count > blocks) {
            throw new DeltaException("block range " + block + "+" + count + " outside 0.." + blocks);
        }
        ByteBuffer buf = ByteBuffer.allocate(blockSize);
        for (int i = block; i < block + count; i++) {
            long off = (long) i * blockSize;
            int len = (int) Math.min(blockSize, basisSize - off);
            grow(len);
            buf.clear().limit(len);
            while (buf.hasRemaining()) {
                if (basis.read(buf, off + buf.position()) < 0) {
                    throw new DeltaException("basis shrank while patching");
                }
            }
            out.write(buf.array(), 0, len);
        }
    }

    @Override
    public void literal(byte[] data, int off, int len) throws IOException {
        grow(len);
        out.write(data, off, len);
    }

    private void grow(long len) throws DeltaException {
        written += len;
        if (written > expected) {
            throw new DeltaException("delta produces more than the declared " + expected + " bytes");
        }
    }

    /**
     * Checks that exactly the declared size was produced.
     *
     * @throws DeltaException if not
     */
    public void finish() throws DeltaException {
        if (written != expected) {
            throw new DeltaException("delta produced " + written + " bytes, declared " + expected);
        }
    }
}
