package io.confsync.transfer.protocol;

/**
 * Hard limits of the codec; anything beyond them is a {@link ProtocolException}.
 *
 * @param maxFrame          payload bytes of one frame
 * @param maxString         bytes of a string other than a path
 * @param maxEntries        entries of one manifest chunk or actions of one plan chunk
 * @param maxBlocks         blocks of one signature
 * @param maxReasons        per-file reasons of one abort
 */
public record ProtocolLimits(int maxFrame, int maxString, int maxEntries, int maxBlocks, int maxReasons) {

    /** 1 MiB frames, 4 KiB strings, 4096 entries per chunk, 65536 blocks, 1000 reasons. */
    public static final ProtocolLimits DEFAULT = new ProtocolLimits(1 << 20, 4096, 4096, 1 << 16, 1000);
}
