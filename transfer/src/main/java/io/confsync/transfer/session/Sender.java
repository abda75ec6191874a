package io.confsync.transfer.session;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import io.confsync.transfer.delta.DeltaEngine;
import io.confsync.transfer.delta.DeltaSink;
import io.confsync.transfer.delta.Signature;
import io.confsync.transfer.protocol.ClusterFiles;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;
import io.confsync.transfer.protocol.ProtocolLimits;
import io.confsync.transfer.protocol.RefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The source side of a session: handshake, the standby's manifest, pipelined signatures and
 * batches. A plan larger than the batch limit is cut into several batches at action boundaries,
 * which keeps its order. Not thread-safe: one sender per standby.
 */
public final class Sender {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sender.class);
    private static final int PLAN_CHUNK = 512;
    /** Plan bytes per chunk, well below the frame limit: entries with large extended attributes split sooner. */
    private static final long PLAN_CHUNK_BYTES = 512 * 1024;
    /** Actions per batch, well below a receiver's default limits.max-plan-actions. */
    static final int MAX_BATCH_ACTIONS = 100_000;

    private final FrameReader reader;
    private final FrameWriter writer;
    private final Compression compression;
    private long batchNumber;
    private Message.Hello peer;
    private int version;
    private Fence.Standing self;
    /** The change set the standby holds, as far as this session knows. */
    private long peerSeq;
    private java.util.function.LongConsumer fileSent = bytes -> { };
    /** A scan was asked for ({@link #askScan()}) and its answer is still to be read. */
    private boolean scanAsked;

    /**
     * @param in     from the standby
     * @param out    to the standby
     * @param limits codec limits
     */
    public Sender(InputStream in, OutputStream out, ProtocolLimits limits) {
        this.reader = new FrameReader(in, limits);
        this.writer = new FrameWriter(out, limits);
        this.compression = new Compression(limits.maxFrame());
    }

    /**
     * Says hello and checks the answer. A session that does not push is read-only: manifests and
     * content only.
     *
     * @param standing this node's epoch, source and seq; with {@code push}, it claims to be that source
     * @return the standby's hello
     * @throws RefusedException  if the standby refuses the push by the source rule
     * @throws ProtocolException if the standby refuses otherwise or speaks no common version
     */
    public Message.Hello open(String cluster, String node, Fence.Standing standing, boolean push)
            throws IOException {
        writer.send(new Message.Hello(Versions.CURRENT, Versions.OLDEST, cluster, node, standing.epoch(),
                standing.seq(), standing.source(), push, ""));
        peer = reader.expect(Message.Hello.class);
        version = Versions.negotiate(peer);
        writer.speak(version);
        reader.speak(version);
        self = standing;
        peerSeq = peer.epoch() == standing.epoch() && peer.source().equals(standing.source()) ? peer.seq() : -1;
        return peer;
    }

    /**
     * True if the standby does not yet hold change set {@code seq} of this node's epoch, as far as
     * this session knows: then even an empty plan is pushed, as an empty batch that records it.
     */
    public boolean behind(long seq) {
        return peerSeq != seq;
    }

    /** The change set of this node's epoch the standby holds as far as this session knows; -1 if none. */
    public long peerSeq() {
        return peerSeq;
    }

    /** The standby's hello, once {@link #open} returned. */
    public Message.Hello peer() {
        return peer;
    }

    /**
     * Fetches the standby's manifest of its own roots as how it differs from {@code like}: from a
     * protocol 5 standby by a walk down its digest tree, which costs one round trip and a few bytes
     * when the two are equal; from an older one whole. Where they agree, the result holds
     * {@code like}'s entries.
     *
     * @throws IOException on a broken session
     */
    public Manifest manifest(Manifest like) throws IOException {
        if (version < Versions.TREE) {
            return manifest();
        }
        boolean scanned = takeScanAnswer();
        long before = wireBytes();
        TreeWalk.Result r = TreeWalk.fetch(reader, writer, like, !scanned);
        LOG.debug("{}: manifest by digest tree: {} round trips, {} of {} entries sent, {} bytes", peer.node(),
                r.rounds(), r.fetched(), r.manifest().size(), wireBytes() - before);
        return r.manifest();
    }

    /** Reads the answer to {@link #askScan()} if one is due (an empty chunk); true if there was one. */
    private boolean takeScanAnswer() throws IOException {
        if (!scanAsked) {
            return false;
        }
        scanAsked = false;
        reader.expect(Message.ManifestChunk.class);
        return true;
    }

    /**
     * Asks a protocol 5 standby to take the manifest that the next {@link #manifest(Manifest)}
     * compares, without waiting for it: the standby scans while the source does. Does nothing for
     * an older standby.
     *
     * @throws IOException on a broken session
     */
    public void askScan() throws IOException {
        if (version >= Versions.TREE && !scanAsked) {
            writer.send(new Message.TreeQuery(true, List.of(), List.of()));
            scanAsked = true;
        }
    }

    /**
     * Fetches the standby's manifest of its own roots.
     *
     * @throws IOException on a broken session
     */
    public Manifest manifest() throws IOException {
        takeScanAnswer(); // a scan asked ahead is answered first; the request below takes another
        writer.send(new Message.ManifestRequest());
        List<FileEntry> all = new ArrayList<>();
        Message.ManifestChunk c;
        do {
            c = reader.expect(Message.ManifestChunk.class);
            all.addAll(c.entries());
        } while (!c.last());
        try {
            return Manifest.of(all);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad manifest from the standby: " + e.getMessage());
        }
    }

    /**
     * Pushes a plan, in as many batches as {@code maxBatch} requires. On a {@code VERIFY} abort
     * the failing files are sent again whole, once.
     *
     * @param sourceBase where the content of files to put is read
     * @param force      override the standby's mass-delete guard
     * @param seq        the source's change set the plan brings the standby to
     * @throws RefusedException if the standby refuses by the source rule
     * @throws IOException      on a broken session
     */
    public PushResult push(Plan plan, Path sourceBase, boolean force, long maxBatch, long seq) throws IOException {
        int created = 0;
        int updated = 0;
        int metadata = 0;
        int removed = 0;
        long bytes = 0;
        int batches = 0;
        List<String> hooks = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        for (List<Action> part : split(plan.actions(), maxBatch)) {
            Message answer = batch(part, sourceBase, force, seq, Set.of());
            if (answer instanceof Message.Aborted a && a.code().equals("VERIFY")) {
                answer = batch(part, sourceBase, force, seq, Set.copyOf(a.reasons()));
            }
            if (answer instanceof Message.Aborted a) {
                return new PushResult(created, updated, metadata, removed, bytes, batches, a.message(), a.code(),
                        a.reasons(), hooks, notices);
            }
            Message.Committed c = (Message.Committed) answer;
            created += c.created();
            updated += c.updated();
            metadata += c.metadata();
            removed += c.removed();
            bytes += c.bytes();
            batches++;
            hooks.addAll(c.hooks());
            notices.addAll(c.notices());
        }
        peerSeq = seq;
        return new PushResult(created, updated, metadata, removed, bytes, batches, null, null, List.of(), hooks,
                notices);
    }

    /**
     * Fetches one file's content from the standby (read-only sessions).
     *
     * @throws IOException on a broken session
     */
    public Message.ContentReply content(RelPath path) throws IOException {
        writer.send(new Message.ContentRequest(path));
        return reader.expect(Message.ContentReply.class);
    }

    /**
     * The standby's last error with its time, as it stands now. A standby of protocol 1 cannot
     * tell the time: then its hello's error is returned with time -1, without a round trip.
     *
     * @throws IOException on a broken session
     */
    public Message.ErrorReport lastError() throws IOException {
        if (version < Versions.QUERIES) {
            return new Message.ErrorReport(peer.lastError(), -1);
        }
        writer.send(new Message.ErrorQuery());
        return reader.expect(Message.ErrorReport.class);
    }

    /**
     * The audit digest of the manifest {@link #manifest()} would fetch ({@code Drift.digest}); empty
     * from a standby of protocol 1, which cannot tell it.
     *
     * @throws IOException on a broken session
     */
    public java.util.OptionalLong manifestDigest(boolean owners) throws IOException {
        if (version < Versions.QUERIES) {
            return java.util.OptionalLong.empty();
        }
        writer.send(new Message.DigestQuery(owners));
        return java.util.OptionalLong.of(reader.expect(Message.DigestReport.class).digest());
    }

    /**
     * Offers the cluster's files (configuration, known_hosts, authorized keys) to the standby of a push
     * session, before anything else is asked of it: the standby answers whether it had them already,
     * installed them (the rest of the session then runs on them there) or refused them, and why.
     *
     * @return the answer; empty from a standby of protocol 1 or 2, which takes none
     * @throws IOException on a broken session
     */
    public java.util.Optional<Message.ConfigAnswer> offerConfig(ClusterFiles files) throws IOException {
        if (version < Versions.NODE_LOCAL) {
            return java.util.Optional.empty();
        }
        writer.send(new Message.ConfigOffer(files));
        return java.util.Optional.of(reader.expect(Message.ConfigAnswer.class));
    }

    /**
     * The public key the receiver's node pushes with once promoted.
     *
     * @return {@code ssh-ed25519 AAAA...}; empty if it has none; null from a node of protocol 1 or 2
     * @throws IOException on a broken session
     */
    public String identity() throws IOException {
        if (version < Versions.NODE_LOCAL) {
            return null;
        }
        writer.send(new Message.IdentityQuery());
        return reader.expect(Message.IdentityReport.class).publicLine();
    }

    /**
     * How many node-local paths the standby has; -1 from a standby of protocol 1 or 2, which cannot tell.
     *
     * @throws IOException on a broken session
     */
    public int nodeLocalPaths() throws IOException {
        if (version < Versions.NODE_LOCAL) {
            return -1;
        }
        writer.send(new Message.NodeLocalQuery());
        return reader.expect(Message.NodeLocalReport.class).paths();
    }

    /**
     * Asks the standby which paths changed there locally (drift).
     *
     * @throws IOException on a broken session
     */
    public List<RelPath> drift() throws IOException {
        writer.send(new Message.DriftQuery());
        return reader.expect(Message.DriftReport.class).paths();
    }

    /** Ends the session. */
    public void close() throws IOException {
        writer.send(new Message.Bye());
    }

    /** Bytes sent and received so far, frame headers included. */
    public long wireBytes() {
        return writer.bytes() + reader.bytes();
    }

    static List<List<Action>> split(List<Action> actions, long maxBatch) {
        List<List<Action>> out = new ArrayList<>();
        List<Action> cur = new ArrayList<>();
        long bytes = 0;
        for (Action a : actions) {
            if (!cur.isEmpty() && (bytes + a.bytes() > maxBatch || cur.size() >= MAX_BATCH_ACTIONS)) {
                out.add(cur);
                cur = new ArrayList<>();
                bytes = 0;
            }
            cur.add(a);
            bytes += a.bytes();
        }
        if (!cur.isEmpty() || out.isEmpty()) {
            out.add(cur);
        }
        return out;
    }

    private Message batch(List<Action> planned, Path sourceBase, boolean force, long seq, Set<String> whole)
            throws IOException {
        // A standby of an older protocol keeps no hard links: it gets a copy for each name.
        List<Action> actions = version >= Versions.ATTRIBUTES ? planned : planned.stream()
                .map(a -> a instanceof Action.MakeLink l ? new Action.PutFile(l.entry().withLinkedTo(null), l.replaced()) : a)
                .toList();
        Map<RelPath, Signature> signatures = signatures(actions, whole);
        long number = ++batchNumber;
        writer.write(new Message.BatchBegin(number, actions.size(), force, seq));
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < actions.size(); i++) {
            Action a = actions.get(i);
            long size = 16L + Message.entryBytes(a.entry()) + (a.replaced() == null ? 0
                    : Message.entryBytes(a.replaced()));
            if (i > from && (i - from >= PLAN_CHUNK || bytes + size > PLAN_CHUNK_BYTES)) {
                writer.write(new Message.PlanChunk(actions.subList(from, i)));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (from < actions.size()) {
            writer.write(new Message.PlanChunk(actions.subList(from, actions.size())));
        }
        for (Action a : actions) {
            if (a instanceof Action.PutFile p) {
                sendFile(p.entry(), sourceBase, signatures.getOrDefault(p.path(), Signature.NONE));
            }
        }
        writer.send(new Message.BatchEnd());
        Message answer = reader.read();
        if (answer instanceof Message.Committed c && c.batch() == number
                || answer instanceof Message.Aborted a && a.batch() == number) {
            return answer;
        }
        if (answer instanceof Message.Error e) {
            throw new ProtocolException("standby error " + e.code() + ": " + e.message());
        }
        if (answer instanceof Message.Refused r) {
            throw new RefusedException(r);
        }
        throw new ProtocolException("unexpected answer to batch " + number + ": " + answer);
    }

    /** Requests all signatures of a batch at once, then reads the answers: one round trip. */
    private Map<RelPath, Signature> signatures(List<Action> actions, Set<String> whole) throws IOException {
        List<RelPath> wanted = new ArrayList<>();
        for (Action a : actions) {
            if (a instanceof Action.PutFile p && p.replaced() != null && p.replaced().size() >= DeltaEngine.WHOLE_FILE_THRESHOLD
                    && p.entry().size() >= DeltaEngine.WHOLE_FILE_THRESHOLD && !whole.contains(p.path().toString())) {
                wanted.add(p.path());
            }
        }
        for (int i = 0; i < wanted.size(); i++) {
            writer.write(new Message.SignatureRequest(i, wanted.get(i)));
        }
        writer.flush();
        Map<RelPath, Signature> out = new HashMap<>();
        for (int i = 0; i < wanted.size(); i++) {
            Message.SignatureReply r = reader.expect(Message.SignatureReply.class);
            if (r.id() != i) {
                throw new ProtocolException("signature " + r.id() + " where " + i + " was due");
            }
            out.put(wanted.get(i), r.signature());
        }
        return out;
    }

    /** Told the size of every file once it is sent (a progress bar); nothing by default. */
    public void onFileSent(java.util.function.LongConsumer sent) {
        this.fileSent = sent;
    }

    private void sendFile(FileEntry e, Path sourceBase, Signature sig) throws IOException {
        Path p = e.path().resolveIn(sourceBase);
        byte[] data;
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            // Never more than declared plus one byte: a file that grew is caught by the receiver's check.
            data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, e.size() + 1));
        } catch (IOException ex) {
            data = new byte[0]; // vanished or unreadable: the receiver's size check aborts the batch
        }
        writer.write(new Message.FileStart(e.path(), sig.blockSize()));
        DeltaSink sink = new DeltaSink() {
            @Override
            public void copy(int block, int count) throws IOException {
                writer.write(new Message.Copy(block, count));
            }

            @Override
            public void literal(byte[] buf, int off, int len) throws IOException {
                writer.write(compression.literal(buf, off, len));
            }
        };
        if (sig.blocks() > 0) {
            DeltaEngine.encode(data, sig, sink);
        } else {
            DeltaEngine.whole(data, data.length, sink);
        }
        writer.write(new Message.FileEnd());
        fileSent.accept(e.size());
    }
}
