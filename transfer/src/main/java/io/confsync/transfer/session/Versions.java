package io.confsync.transfer.session;

import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;

/** Protocol version negotiation: this build speaks the current version and the one before it. */
public final class Versions {

    /** The newest version this build speaks. */
    public static final int CURRENT = 1;
    /** The oldest version this build speaks (one back, but never below 1). */
    public static final int OLDEST = Math.max(1, CURRENT - 1);

    private Versions() {
    }

    /**
     * The version both sides speak: the highest in both ranges.
     *
     * @throws ProtocolException naming both ranges when they do not overlap
     */
    public static int negotiate(Message.Hello peer) throws ProtocolException {
        return negotiate(CURRENT, OLDEST, peer.maxVersion(), peer.minVersion());
    }

    static int negotiate(int ourMax, int ourMin, int theirMax, int theirMin) throws ProtocolException {
        int v = Math.min(ourMax, theirMax);
        if (v < ourMin || v < theirMin || theirMin > theirMax) {
            throw new ProtocolException("no common protocol version: we speak " + ourMin + ".." + ourMax
                    + ", the peer " + theirMin + ".." + theirMax + "; upgrade the older node");
        }
        return v;
    }
}
