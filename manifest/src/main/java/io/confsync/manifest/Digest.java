package io.confsync.manifest;

import java.io.IOException;
import java.io.InputStream;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * An XXH64 content digest (seed 0), computed with the pure-Java {@code safeInstance()} so that no
 * native code or {@code Unsafe} is involved.
 *
 * @param value the 64-bit hash
 */
public record Digest(long value) {

    private static final XXHashFactory FACTORY = XXHashFactory.safeInstance();
    private static final long SEED = 0L;

    /** The digest of empty content. */
    public static final Digest EMPTY = of(new byte[0], 0, 0);

    /** Written out, like {@link #hashCode()}: see {@link RelPath#equals(Object)}; called per file. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && value == d.value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    /** Digest of a byte range. */
    public static Digest of(byte[] data, int offset, int length) {
        return new Digest(FACTORY.hash64().hash(data, offset, length, SEED));
    }

    /** Digest of a whole array. */
    public static Digest of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** Parses the 16-digit hex form produced by {@link #toString()}. */
    public static Digest parse(String hex) {
        return new Digest(Long.parseUnsignedLong(hex, 16));
    }

    /** A fresh incremental hasher. */
    public static Hasher hasher() {
        return new Hasher(FACTORY.newStreamingHash64(SEED));
    }

    /**
     * Reads a stream to its end and returns its digest and length. Does not close the stream.
     *
     * @throws IOException from the stream
     */
    public static Hasher.Result of(InputStream in) throws IOException {
        Hasher h = hasher();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            h.update(buf, 0, n);
        }
        return h.result();
    }

    @Override
    public String toString() {
        return String.format("%016x", value);
    }

    /** An incremental XXH64 hasher that also counts bytes. Not thread-safe. */
    public static final class Hasher {
        private final StreamingXXHash64 hash;
        private long length;

        private Hasher(StreamingXXHash64 hash) {
            this.hash = hash;
        }

        /** Feeds bytes. */
        public void update(byte[] data, int offset, int len) {
            hash.update(data, offset, len);
            length += len;
        }

        /** The digest and length of everything fed so far. */
        public Result result() {
            return new Result(new Digest(hash.getValue()), length);
        }

        /**
         * A digest with the number of bytes it covers.
         *
         * @param digest never null
         * @param length bytes hashed
         */
        public record Result(Digest digest, long length) {
        }
    }
}
