package io.confsync.transfer.delta;

import java.util.Arrays;

/**
 * The block signature of a basis file. Block {@code i} covers bytes {@code [i*blockSize,
 * min((i+1)*blockSize, fileSize))}; the last block may be short.
 *
 * @param blockSize bytes per block; 0 for "no basis"
 * @param fileSize  length of the basis
 * @param weak      rolling checksum per block
 * @param strong    XXH64 per block
 */
public record Signature(int blockSize, long fileSize, int[] weak, long[] strong) {

    /** The signature of a missing basis: everything is sent as literals. */
    public static final Signature NONE = new Signature(0, 0, new int[0], new long[0]);

    /**
     * Validates the shape.
     *
     * @throws IllegalArgumentException if block count and sizes disagree
     */
    public Signature {
        if (weak.length != strong.length) {
            throw new IllegalArgumentException("weak and strong sums differ in number");
        }
        long expected = blockSize == 0 ? 0 : (fileSize + blockSize - 1) / blockSize;
        if (blockSize < 0 || fileSize < 0 || expected != weak.length) {
            throw new IllegalArgumentException("signature of " + weak.length + " blocks does not cover "
                    + fileSize + " bytes in blocks of " + blockSize);
        }
    }

    /** Number of blocks. */
    public int blocks() {
        return weak.length;
    }

    /** Length of block {@code i}. */
    public int blockLength(int i) {
        return (int) Math.min(blockSize, fileSize - (long) i * blockSize);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signature s && s.blockSize == blockSize && s.fileSize == fileSize
                && Arrays.equals(s.weak, weak) && Arrays.equals(s.strong, strong);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(strong) * 31 + blockSize;
    }

    @Override
    public String toString() {
        return "Signature[" + weak.length + " blocks of " + blockSize + ", " + fileSize + " bytes]";
    }
}
