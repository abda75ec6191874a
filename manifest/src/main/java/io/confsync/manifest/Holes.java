package io.confsync.manifest;

import java.util.Arrays;

/**
 * Where a sparse file has no data: ranges of offset and length, in order, not overlapping, as
 * {@code lseek(SEEK_HOLE)} reports them. A file with no holes has {@link #NONE}. Immutable.
 */
public final class Holes {

    /** Most holes carried for one file; a file with more is carried as if it had none. */
    public static final int MAX_COUNT = 4096;

    /** No holes: every byte is stored. */
    public static final Holes NONE = new Holes(new long[0]);

    /** Offset, length, offset, length, ... */
    private final long[] ranges;

    private Holes(long[] ranges) {
        this.ranges = ranges;
    }

    /**
     * The holes given as offset and length pairs.
     *
     * @throws IllegalArgumentException if the ranges are empty, negative, overlapping, out of
     *                                  order, beyond {@code size} or more than {@link #MAX_COUNT}
     */
    public static Holes of(long[] ranges, long size) {
        if (ranges.length == 0) {
            return NONE;
        }
        if (ranges.length % 2 != 0 || ranges.length / 2 > MAX_COUNT) {
            throw new IllegalArgumentException("bad hole list of " + ranges.length + " numbers");
        }
        long end = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            long off = ranges[i];
            long len = ranges[i + 1];
            if (off < end || len <= 0 || off > size - len) {
                throw new IllegalArgumentException("bad hole " + off + "+" + len + " in a file of " + size + " bytes");
            }
            end = off + len;
        }
        return new Holes(ranges.clone());
    }

    /** How many holes. */
    public int count() {
        return ranges.length / 2;
    }

    /** True for a file with no holes. */
    public boolean isEmpty() {
        return ranges.length == 0;
    }

    /** The offset of hole {@code i}. */
    public long offset(int i) {
        return ranges[2 * i];
    }

    /** The length of hole {@code i}. */
    public long length(int i) {
        return ranges[2 * i + 1];
    }

    /** Bytes in holes. */
    public long bytes() {
        long n = 0;
        for (int i = 1; i < ranges.length; i += 2) {
            n += ranges[i];
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Holes h && Arrays.equals(ranges, h.ranges);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ranges);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count(); i++) {
            b.append(i == 0 ? "" : ",").append(offset(i)).append('+').append(length(i));
        }
        return b.toString();
    }
}
