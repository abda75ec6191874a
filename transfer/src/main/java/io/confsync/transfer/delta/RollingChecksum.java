package io.confsync.transfer.delta;

/**
 * An Adler-style weak checksum that rolls one byte forward in O(1): {@code a} is the sum of the
 * bytes, {@code b} the sum of the running {@code a}s, both mod 2^16, with a constant added to each
 * byte so that runs of zeros still move the sums.
 */
public final class RollingChecksum {

    private static final int OFFSET = 31;

    private RollingChecksum() {
    }

    /** The checksum of {@code data[off, off+len)}. */
    public static int of(byte[] data, int off, int len) {
        int a = 0;
        int b = 0;
        for (int i = 0; i < len; i++) {
            a += (data[off + i] & 0xFF) + OFFSET;
            b += a;
        }
        return (a & 0xFFFF) | (b << 16);
    }

    /**
     * Moves the window one byte: drops {@code out}, adds {@code in}.
     *
     * @param sum the checksum of the current window of {@code len} bytes
     */
    public static int roll(int sum, byte out, byte in, int len) {
        int a = sum & 0xFFFF;
        int b = sum >>> 16;
        int o = (out & 0xFF) + OFFSET;
        a = (a - o + (in & 0xFF) + OFFSET) & 0xFFFF;
        b = (b - len * o + a) & 0xFFFF;
        return a | (b << 16);
    }
}
