package io.confsync.transfer.protocol;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.plan.Action;
import io.confsync.transfer.delta.Signature;
import java.util.List;

/**
 * Every message of protocol v1. The sender (source) speaks first; the receiver (standby) answers.
 * A session is: {@link Hello} both ways; then any number of {@link ManifestRequest} (answered by
 * {@link ManifestChunk}s), pipelined {@link SignatureRequest}s (answered in order by
 * {@link SignatureReply}), and batches ({@link BatchBegin}, {@link PlanChunk}s, per file to put a
 * {@link FileStart} with {@link Literal} and {@link Copy} ops and a {@link FileEnd}, then
 * {@link BatchEnd}, answered by {@link Committed} or {@link Aborted}), and from protocol 2 on
 * {@link ErrorQuery} and {@link DigestQuery} (answered by {@link ErrorReport} and {@link DigestReport}),
 * from protocol 3 on {@link NodeLocalQuery} (answered by {@link NodeLocalReport}) and, first in a push
 * session, {@link ConfigOffer} (answered by {@link ConfigAnswer}), from protocol 5 on {@link TreeQuery}
 * (answered by {@link TreeListing}s and {@link ManifestChunk}s); then {@link Bye}. Either side
 * may send {@link Error} and close.
 */
public sealed interface Message {

    /**
     * The first protocol version whose entries carry extended attributes, hard links and holes, with
     * {@link io.confsync.manifest.plan.Action.MakeLink} actions and {@link Committed#notices()}:
     * frames for an older peer leave them out.
     */
    int ATTRIBUTES_VERSION = 4;

    /** The first protocol version with {@link TreeQuery}: a manifest is compared by its digest tree. */
    int TREE_VERSION = 5;

    /** About how many bytes an entry takes in a frame: manifest and plan chunks are cut by it below the frame limit. */
    static int entryBytes(FileEntry e) {
        return PayloadOut.entryBytes(e);
    }


    /**
     * Opens a session. The sender's says whether it means to push; the receiver answers with its
     * own, or with {@link Refused} when a push is not admitted. A session that does not push is
     * read-only: the receiver refuses batches in it and its manifests do not reset drift tracking.
     *
     * @param maxVersion newest protocol version spoken
     * @param minVersion oldest protocol version spoken
     * @param cluster    cluster name; must match the peer's
     * @param node       the sending node's name
     * @param epoch      the node's cluster epoch (0: none yet)
     * @param seq        change sets of that epoch's source the node holds
     * @param source     the source of that epoch as the node knows it; empty for none
     * @param push       true if the sender means to push (then it claims to be the source of {@code epoch})
     * @param lastError  the receiver's last refused or aborted batch, empty for none; empty from a sender
     */
    record Hello(int maxVersion, int minVersion, String cluster, String node, long epoch, long seq, String source,
                 boolean push, String lastError) implements Message {
    }

    /**
     * A push refused by the source rule; the receiver closes the session after it.
     *
     * @param code    {@code STALE_SOURCE} (the receiver is at a newer epoch) or {@code SPLIT_BRAIN}
     * @param epoch   the receiver's epoch
     * @param source  the source of that epoch as the receiver knows it
     * @param seq     change sets the receiver holds
     * @param message one line naming the epoch and source
     */
    record Refused(String code, long epoch, String source, long seq, String message) implements Message {
    }

    /**
     * Asks for the content of one file (audit's {@code --diff}); read-only sessions only.
     *
     * @param path the file
     */
    record ContentRequest(RelPath path) implements Message {
    }

    /**
     * A file's content, or why there is none.
     *
     * @param data    the bytes, empty unless {@code problem} is empty
     * @param problem empty, or why the content is not sent (missing, not a regular file, too large)
     */
    record ContentReply(byte[] data, String problem) implements Message {
        @Override
        public boolean equals(Object o) {
            return o instanceof ContentReply r && r.problem.equals(problem) && java.util.Arrays.equals(r.data, data);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data) * 31 + problem.hashCode();
        }

        @Override
        public String toString() {
            return "ContentReply[" + data.length + " bytes" + (problem.isEmpty() ? "" : ", " + problem) + "]";
        }
    }

    /** Asks for the receiver's manifest of its own roots. */
    record ManifestRequest() implements Message {
    }

    /**
     * Part of a manifest.
     *
     * @param entries in path order
     * @param last    true on the final chunk
     */
    record ManifestChunk(List<FileEntry> entries, boolean last) implements Message {
        /** Copies the list. */
        public ManifestChunk {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Asks for the block signature of the receiver's current version of a file.
     *
     * @param id   echoed in the reply
     * @param path the file
     */
    record SignatureRequest(int id, RelPath path) implements Message {
    }

    /**
     * A file's block signature; empty when the receiver has no regular file there.
     *
     * @param id        the request's id
     * @param signature never null
     */
    record SignatureReply(int id, Signature signature) implements Message {
    }

    /**
     * Starts a batch.
     *
     * @param batch   sender's batch number, echoed in the answer
     * @param actions number of actions that follow in plan chunks
     * @param force   the operator overrides the mass-delete guard
     * @param seq     the source's change set this batch brings the receiver to
     */
    record BatchBegin(long batch, int actions, boolean force, long seq) implements Message {
    }

    /**
     * Part of a batch's plan.
     *
     * @param actions in plan order
     */
    record PlanChunk(List<Action> actions) implements Message {
        /** Copies the list. */
        public PlanChunk {
            actions = List.copyOf(actions);
        }
    }

    /**
     * Starts the content of the next file of the plan.
     *
     * @param path      must be the path of the next file to put
     * @param blockSize the block size of the signature the delta refers to; 0 for whole content
     */
    record FileStart(RelPath path, int blockSize) implements Message {
    }

    /**
     * Literal bytes of the current file.
     *
     * @param data       the bytes as sent
     * @param compressed true if {@code data} is an LZ4 block
     * @param rawLength  length after decompression
     */
    record Literal(byte[] data, boolean compressed, int rawLength) implements Message {
        @Override
        public boolean equals(Object o) {
            return o instanceof Literal l && l.compressed == compressed && l.rawLength == rawLength
                    && java.util.Arrays.equals(l.data, data);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(data) * 31 + rawLength;
        }

        @Override
        public String toString() {
            return "Literal[" + data.length + " bytes" + (compressed ? ", lz4 of " + rawLength : "") + "]";
        }
    }

    /**
     * Blocks copied from the receiver's current version.
     *
     * @param block first block index
     * @param count consecutive blocks
     */
    record Copy(int block, int count) implements Message {
    }

    /** Ends the current file. */
    record FileEnd() implements Message {
    }

    /** Ends the batch: the receiver commits or aborts and answers. */
    record BatchEnd() implements Message {
    }

    /**
     * The batch was committed.
     *
     * @param batch    the batch number
     * @param created  entries created
     * @param updated  files and symlinks replaced
     * @param metadata metadata-only changes
     * @param removed  entries deleted
     * @param bytes    content bytes written
     * @param hooks    one-line results of the on-change hooks the batch ran on the receiver
     * @param notices  what the receiver's file system would not keep (extended attributes, ACLs,
     *                 holes), one line per kind and file system
     */
    record Committed(long batch, int created, int updated, int metadata, int removed, long bytes,
                     List<String> hooks, List<String> notices) implements Message {
        /** Copies the lists. */
        public Committed {
            hooks = List.copyOf(hooks);
            notices = List.copyOf(notices);
        }
    }

    /**
     * The batch was refused or aborted; nothing was renamed.
     *
     * @param batch   the batch number
     * @param code    the reason's code (see {@code ApplyException.Code})
     * @param message one line
     * @param reasons per-file reasons
     */
    record Aborted(long batch, String code, String message, List<String> reasons) implements Message {
        /** Copies the list. */
        public Aborted {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * A fatal error; the sender of it closes the session.
     *
     * @param code    a word such as {@code VERSION}, {@code CLUSTER}, {@code PROTOCOL}, {@code INTERNAL}
     * @param message one line
     */
    record Error(String code, String message) implements Message {
    }

    /** Asks the receiver which of its files changed locally since it last answered (drift). */
    record DriftQuery() implements Message {
    }

    /**
     * Paths that changed on the receiver other than through confsync.
     *
     * @param paths in path order
     */
    record DriftReport(List<RelPath> paths) implements Message {
        /** Copies the list. */
        public DriftReport {
            paths = List.copyOf(paths);
        }
    }

    /** Asks the receiver for its last error with the time it was recorded (protocol 2 and later). */
    record ErrorQuery() implements Message {
    }

    /**
     * The receiver's last error that still concerns it, as its hello would tell it now, and when
     * it was recorded.
     *
     * @param message one line; empty for none
     * @param at      when it was recorded, in milliseconds since 1970; -1 for none or unknown
     */
    record ErrorReport(String message, long at) implements Message {
    }

    /**
     * Asks the receiver for the audit digest of the manifest it would send in this read-only
     * session (protocol 2 and later): equal to the asker's, the manifest need not be sent.
     *
     * @param owners whether owner and group are part of the comparison
     */
    record DigestQuery(boolean owners) implements Message {
    }

    /**
     * The receiver's audit digest.
     *
     * @param digest  the digest of {@code io.confsync.manifest.plan.Drift#digest}
     * @param entries the manifest's entries
     */
    record DigestReport(long digest, int entries) implements Message {
    }

    /**
     * One round of a walk down the receiver's digest tree (protocol 5 and later), in place of a
     * {@link ManifestRequest}: answered by a {@link TreeListing} for each probe whose digest differs
     * from the receiver's, then by {@link ManifestChunk}s of the entries at or under each of
     * {@code subtrees} (the last one marked, even when empty).
     *
     * @param fresh    true on a walk's first round: the receiver takes its manifest now and answers the
     *                 walk's later rounds from the same one
     * @param probes   nodes to compare, each with the asker's digest of it
     * @param subtrees paths whose entries are wanted whole
     */
    record TreeQuery(boolean fresh, List<Probe> probes, List<RelPath> subtrees) implements Message {
        /** Copies the lists. */
        public TreeQuery {
            probes = List.copyOf(probes);
            subtrees = List.copyOf(subtrees);
        }

        /**
         * A node to compare.
         *
         * @param path   the node
         * @param digest the asker's digest of it ({@link io.confsync.manifest.DigestTree})
         */
        public record Probe(RelPath path, long digest) {
        }
    }

    /**
     * The receiver's node at a probed path, whose digest differs from the asker's. A node with many
     * children comes in several listings of the same path, the first with {@code self}.
     *
     * @param path     the probed node
     * @param self     the receiver's entry at the path; null if it has none
     * @param children the node's children (or the next of them), in path order
     */
    record TreeListing(RelPath path, FileEntry self, List<io.confsync.manifest.DigestTree.Child> children)
            implements Message {
        /** Copies the list. */
        public TreeListing {
            children = List.copyOf(children);
        }
    }

    /** Asks the receiver how many node-local paths it has (protocol 3 and later, read-only sessions). */
    record NodeLocalQuery() implements Message {
    }

    /**
     * The receiver's node-local paths: never synchronized, counted apart by an audit.
     *
     * @param paths how many (a node-local directory counts once)
     */
    record NodeLocalReport(int paths) implements Message {
    }

    /**
     * The source's cluster files, offered first in a push session (protocol 3 and later) so that one
     * set serves the whole cluster.
     *
     * @param files the configuration file, and the key files every node needs to reach every other
     *              after a promote
     */
    record ConfigOffer(ClusterFiles files) implements Message {
    }

    /** Asks the receiver for the public key its node pushes with once promoted (protocol 3 and later). */
    record IdentityQuery() implements Message {
    }

    /**
     * The receiver's node's {@code ssh.identity} public key.
     *
     * @param publicLine {@code ssh-ed25519 AAAA...}; empty if the node has no key yet
     */
    record IdentityReport(String publicLine) implements Message {
    }

    /**
     * What the standby made of a {@link ConfigOffer}.
     *
     * @param verdict {@code same} (its file is that one), {@code installed} (it now is, and this session
     *                goes on with it) or {@code refused}
     * @param reason  why it was refused, one line; empty otherwise
     */
    record ConfigAnswer(String verdict, String reason) implements Message {
        public static final String SAME = "same";
        public static final String INSTALLED = "installed";
        public static final String REFUSED = "refused";
    }

    /** Ends the session cleanly. */
    record Bye() implements Message {
    }
}
