package io.confsync.transfer.session;

import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;

/**
 * Protocol version negotiation: this build speaks versions 1 to the current one; what a version
 * added is asked only of a peer that speaks it. Version 2 added {@link Message.ErrorQuery} (the
 * time of a node's last error, for {@code status --live}) and {@link Message.DigestQuery} (an
 * audit's "in sync?" in one round trip); version 3 {@link Message.NodeLocalQuery} (the audit's
 * node-local count), {@link Message.ConfigOffer} (the cluster configuration and key files carried to
 * standbys) and {@link Message.IdentityQuery} (a node's public key, for {@code trust}); version 4
 * the entries' extended attributes, ACLs, hard links and holes, the hard-link action and what a
 * standby's file system would not keep; version 5 {@link Message.TreeQuery}, which compares a
 * standby's manifest with the source's by digests and sends only the entries that differ. A
 * version 3 standby gets plain entries and hard links as copies; a version 4 one sends its whole
 * manifest.
 */
public final class Versions {

    /** The newest version this build speaks. */
    public static final int CURRENT = Message.TREE_VERSION;
    /** The oldest version this build speaks: every one, as each later one only adds questions. */
    public static final int OLDEST = 1;

    /** The first version with {@link Message.ErrorQuery} and {@link Message.DigestQuery}. */
    public static final int QUERIES = 2;
    /** The first version with {@link Message.NodeLocalQuery}, {@link Message.ConfigOffer} and {@link Message.IdentityQuery}. */
    public static final int NODE_LOCAL = 3;
    /** The first version whose entries carry extended attributes, ACLs, hard links and holes. */
    public static final int ATTRIBUTES = Message.ATTRIBUTES_VERSION;
    /** The first version with {@link Message.TreeQuery}: manifests compared by their digest trees. */
    public static final int TREE = Message.TREE_VERSION;

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
