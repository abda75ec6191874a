package io.confsync.transfer.protocol;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.plan.Action;
import io.confsync.transfer.delta.Signature;
import java.util.ArrayList;
import java.util.List;

/** Encodes messages to (type, payload) and back. The type byte is the message's wire identity. */
final class MessageCodec {

    private MessageCodec() {
    }

    static final int HELLO = 1;
    static final int MANIFEST_REQUEST = 2;
    static final int MANIFEST_CHUNK = 3;
    static final int SIGNATURE_REQUEST = 4;
    static final int SIGNATURE_REPLY = 5;
    static final int BATCH_BEGIN = 6;
    static final int PLAN_CHUNK = 7;
    static final int FILE_START = 8;
    static final int LITERAL = 9;
    static final int COPY = 10;
    static final int FILE_END = 11;
    static final int BATCH_END = 12;
    static final int COMMITTED = 13;
    static final int ABORTED = 14;
    static final int ERROR = 15;
    static final int BYE = 16;
    static final int DRIFT_QUERY = 17;
    static final int DRIFT_REPORT = 18;
    static final int REFUSED = 19;
    static final int CONTENT_REQUEST = 20;
    static final int CONTENT_REPLY = 21;
    static final int ERROR_QUERY = 22;
    static final int ERROR_REPORT = 23;
    static final int DIGEST_QUERY = 24;
    static final int DIGEST_REPORT = 25;
    static final int NODE_LOCAL_QUERY = 26;
    static final int NODE_LOCAL_REPORT = 27;
    static final int CONFIG_OFFER = 28;
    static final int CONFIG_ANSWER = 29;
    static final int IDENTITY_QUERY = 30;
    static final int IDENTITY_REPORT = 31;
    static final int TREE_QUERY = 32;
    static final int TREE_LISTING = 33;

    private static final int ACT_MKDIR = 1;
    private static final int ACT_PUT = 2;
    private static final int ACT_SYMLINK = 3;
    private static final int ACT_META = 4;
    private static final int ACT_REMOVE = 5;
    private static final int ACT_LINK = 6;

    static int type(Message m) {
        if (m instanceof Message.Hello) return HELLO;
        if (m instanceof Message.ManifestRequest) return MANIFEST_REQUEST;
        if (m instanceof Message.ManifestChunk) return MANIFEST_CHUNK;
        if (m instanceof Message.SignatureRequest) return SIGNATURE_REQUEST;
        if (m instanceof Message.SignatureReply) return SIGNATURE_REPLY;
        if (m instanceof Message.BatchBegin) return BATCH_BEGIN;
        if (m instanceof Message.PlanChunk) return PLAN_CHUNK;
        if (m instanceof Message.FileStart) return FILE_START;
        if (m instanceof Message.Literal) return LITERAL;
        if (m instanceof Message.Copy) return COPY;
        if (m instanceof Message.FileEnd) return FILE_END;
        if (m instanceof Message.BatchEnd) return BATCH_END;
        if (m instanceof Message.Committed) return COMMITTED;
        if (m instanceof Message.Aborted) return ABORTED;
        if (m instanceof Message.Error) return ERROR;
        if (m instanceof Message.DriftQuery) return DRIFT_QUERY;
        if (m instanceof Message.DriftReport) return DRIFT_REPORT;
        if (m instanceof Message.Refused) return REFUSED;
        if (m instanceof Message.ContentRequest) return CONTENT_REQUEST;
        if (m instanceof Message.ContentReply) return CONTENT_REPLY;
        if (m instanceof Message.ErrorQuery) return ERROR_QUERY;
        if (m instanceof Message.ErrorReport) return ERROR_REPORT;
        if (m instanceof Message.DigestQuery) return DIGEST_QUERY;
        if (m instanceof Message.DigestReport) return DIGEST_REPORT;
        if (m instanceof Message.NodeLocalQuery) return NODE_LOCAL_QUERY;
        if (m instanceof Message.NodeLocalReport) return NODE_LOCAL_REPORT;
        if (m instanceof Message.ConfigOffer) return CONFIG_OFFER;
        if (m instanceof Message.ConfigAnswer) return CONFIG_ANSWER;
        if (m instanceof Message.IdentityQuery) return IDENTITY_QUERY;
        if (m instanceof Message.IdentityReport) return IDENTITY_REPORT;
        if (m instanceof Message.TreeQuery) return TREE_QUERY;
        if (m instanceof Message.TreeListing) return TREE_LISTING;
        return BYE;
    }

    static byte[] encode(Message m, int version) {
        PayloadOut o = new PayloadOut(version);
        if (m instanceof Message.Hello h) {
            o.i32(h.maxVersion()).i32(h.minVersion()).string(h.cluster()).string(h.node()).i64(h.epoch()).i64(h.seq())
                    .string(h.source()).bool(h.push()).string(clip(h.lastError()));
        } else if (m instanceof Message.ManifestChunk c) {
            o.i32(c.entries().size());
            c.entries().forEach(o::entry);
            o.bool(c.last());
        } else if (m instanceof Message.SignatureRequest r) {
            o.i32(r.id()).string(r.path().value());
        } else if (m instanceof Message.SignatureReply r) {
            Signature s = r.signature();
            o.i32(r.id()).i32(s.blockSize()).i64(s.fileSize()).i32(s.blocks());
            for (int i = 0; i < s.blocks(); i++) {
                o.i32(s.weak()[i]).i64(s.strong()[i]);
            }
        } else if (m instanceof Message.BatchBegin b) {
            o.i64(b.batch()).i32(b.actions()).bool(b.force()).i64(b.seq());
        } else if (m instanceof Message.PlanChunk c) {
            o.i32(c.actions().size());
            c.actions().forEach(a -> action(o, a));
        } else if (m instanceof Message.FileStart f) {
            o.string(f.path().value()).i32(f.blockSize());
        } else if (m instanceof Message.Literal l) {
            o.bool(l.compressed()).i32(l.rawLength()).bytes(l.data());
        } else if (m instanceof Message.Copy c) {
            o.i32(c.block()).i32(c.count());
        } else if (m instanceof Message.Committed c) {
            o.i64(c.batch()).i32(c.created()).i32(c.updated()).i32(c.metadata()).i32(c.removed()).i64(c.bytes())
                    .i32(c.hooks().size());
            c.hooks().forEach(h -> o.string(clip(h)));
            if (o.version() >= Message.ATTRIBUTES_VERSION) {
                o.i32(c.notices().size());
                c.notices().forEach(h -> o.string(clip(h)));
            }
        } else if (m instanceof Message.Aborted a) {
            o.i64(a.batch()).string(a.code()).string(clip(a.message())).i32(a.reasons().size());
            a.reasons().forEach(r -> o.string(clip(r)));
        } else if (m instanceof Message.Error e) {
            o.string(e.code()).string(clip(e.message()));
        } else if (m instanceof Message.Refused r) {
            o.string(r.code()).i64(r.epoch()).string(r.source()).i64(r.seq()).string(clip(r.message()));
        } else if (m instanceof Message.ContentRequest r) {
            o.string(r.path().value());
        } else if (m instanceof Message.ContentReply r) {
            o.bytes(r.data()).string(clip(r.problem()));
        } else if (m instanceof Message.ErrorReport r) {
            o.string(clip(r.message())).i64(r.at());
        } else if (m instanceof Message.DigestQuery q) {
            o.bool(q.owners());
        } else if (m instanceof Message.DigestReport r) {
            o.i64(r.digest()).i32(r.entries());
        } else if (m instanceof Message.NodeLocalReport r) {
            o.i32(r.paths());
        } else if (m instanceof Message.ConfigOffer c) {
            o.bytes(c.files().config()).bytes(c.files().knownHosts()).bytes(c.files().authorizedKeys());
        } else if (m instanceof Message.ConfigAnswer a) {
            o.string(a.verdict()).string(clip(a.reason()));
        } else if (m instanceof Message.IdentityReport r) {
            o.string(r.publicLine());
        } else if (m instanceof Message.TreeQuery q) {
            o.bool(q.fresh()).i32(q.probes().size());
            q.probes().forEach(p -> o.string(p.path().value()).i64(p.digest()));
            o.i32(q.subtrees().size());
            q.subtrees().forEach(p -> o.string(p.value()));
        } else if (m instanceof Message.TreeListing l) {
            o.string(l.path().value()).optionalEntry(l.self()).i32(l.children().size());
            l.children().forEach(c -> o.string(c.name()).i64(c.digest()).bool(c.branch()));
        } else if (m instanceof Message.DriftReport d) {
            o.i32(d.paths().size());
            d.paths().forEach(p -> o.string(p.value()));
        }
        return o.toByteArray();
    }

    private static String clip(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) + "..." : s;
    }

    private static void action(PayloadOut o, Action a) {
        if (a instanceof Action.MakeDirectory d) {
            o.u8(ACT_MKDIR).entry(d.entry());
        } else if (a instanceof Action.PutFile p) {
            o.u8(ACT_PUT).entry(p.entry()).optionalEntry(p.replaced());
        } else if (a instanceof Action.MakeSymlink l) {
            o.u8(ACT_SYMLINK).entry(l.entry()).optionalEntry(l.replaced());
        } else if (a instanceof Action.MakeLink l) {
            if (o.version() < Message.ATTRIBUTES_VERSION) {
                throw new IllegalArgumentException("a hard link cannot be sent to a peer of protocol " + o.version());
            }
            o.u8(ACT_LINK).entry(l.entry()).optionalEntry(l.replaced());
        } else if (a instanceof Action.SetMetadata s) {
            o.u8(ACT_META).entry(s.entry()).optionalEntry(s.current());
        } else if (a instanceof Action.Remove r) {
            o.u8(ACT_REMOVE).entry(r.entry()).u8(r.reason().ordinal());
        }
    }

    static Message decode(int type, byte[] payload, ProtocolLimits limits) throws ProtocolException {
        return decode(type, payload, limits, Message.ATTRIBUTES_VERSION);
    }

    static Message decode(int type, byte[] payload, ProtocolLimits limits, int version) throws ProtocolException {
        PayloadIn in = new PayloadIn(payload, limits, version);
        Message m = switch (type) {
            case HELLO -> new Message.Hello(in.i32(), in.i32(), in.string(), in.string(), in.i64(), in.i64(),
                    in.string(), in.bool(), in.string());
            case MANIFEST_REQUEST -> new Message.ManifestRequest();
            case MANIFEST_CHUNK -> manifestChunk(in, limits);
            case SIGNATURE_REQUEST -> new Message.SignatureRequest(in.i32(), in.path());
            case SIGNATURE_REPLY -> signatureReply(in, limits);
            case BATCH_BEGIN -> new Message.BatchBegin(in.i64(), in.count(Integer.MAX_VALUE, "action"), in.bool(),
                    in.i64());
            case PLAN_CHUNK -> planChunk(in, limits);
            case FILE_START -> new Message.FileStart(in.path(), in.count(Integer.MAX_VALUE, "block size"));
            case LITERAL -> literal(in, limits);
            case COPY -> new Message.Copy(in.count(Integer.MAX_VALUE, "block index"), in.count(limits.maxBlocks(), "block"));
            case FILE_END -> new Message.FileEnd();
            case BATCH_END -> new Message.BatchEnd();
            case COMMITTED -> committed(in, limits);
            case ABORTED -> aborted(in, limits);
            case ERROR -> new Message.Error(in.string(), in.string());
            case BYE -> new Message.Bye();
            case DRIFT_QUERY -> new Message.DriftQuery();
            case DRIFT_REPORT -> driftReport(in, limits);
            case REFUSED -> new Message.Refused(in.string(), in.i64(), in.string(), in.i64(), in.string());
            case CONTENT_REQUEST -> new Message.ContentRequest(in.path());
            case CONTENT_REPLY -> new Message.ContentReply(in.bytes(limits.maxFrame()), in.string());
            case ERROR_QUERY -> new Message.ErrorQuery();
            case ERROR_REPORT -> new Message.ErrorReport(in.string(), in.i64());
            case DIGEST_QUERY -> new Message.DigestQuery(in.bool());
            case DIGEST_REPORT -> new Message.DigestReport(in.i64(), in.count(Integer.MAX_VALUE, "manifest entry"));
            case NODE_LOCAL_QUERY -> new Message.NodeLocalQuery();
            case NODE_LOCAL_REPORT -> new Message.NodeLocalReport(in.count(Integer.MAX_VALUE, "node-local path"));
            case CONFIG_OFFER -> new Message.ConfigOffer(new ClusterFiles(in.bytes(limits.maxFrame()),
                    in.bytes(limits.maxFrame()), in.bytes(limits.maxFrame())));
            case CONFIG_ANSWER -> new Message.ConfigAnswer(in.string(), in.string());
            case IDENTITY_QUERY -> new Message.IdentityQuery();
            case IDENTITY_REPORT -> new Message.IdentityReport(in.string());
            case TREE_QUERY -> treeQuery(in, limits);
            case TREE_LISTING -> treeListing(in, limits);
            default -> throw new ProtocolException("unknown message type " + type);
        };
        in.end();
        return m;
    }

    private static Message manifestChunk(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        int n = in.count(limits.maxEntries(), "manifest entry");
        List<FileEntry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(in.entry());
        }
        return new Message.ManifestChunk(entries, in.bool());
    }

    private static Message signatureReply(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        int id = in.i32();
        int blockSize = in.i32();
        long fileSize = in.i64();
        int n = in.count(limits.maxBlocks(), "signature block");
        int[] weak = new int[n];
        long[] strong = new long[n];
        for (int i = 0; i < n; i++) {
            weak[i] = in.i32();
            strong[i] = in.i64();
        }
        try {
            return new Message.SignatureReply(id, new Signature(blockSize, fileSize, weak, strong));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad signature: " + e.getMessage());
        }
    }

    private static Action link(FileEntry e, FileEntry replaced) throws ProtocolException {
        if (e.linkedTo() == null) {
            throw new ProtocolException("a hard link without the name it links to: " + e.path());
        }
        return new Action.MakeLink(e, replaced);
    }

    private static Message planChunk(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        int n = in.count(limits.maxEntries(), "plan action");
        List<Action> actions = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int tag = in.u8();
            actions.add(switch (tag) {
                case ACT_MKDIR -> new Action.MakeDirectory(in.entry());
                case ACT_PUT -> new Action.PutFile(in.entry(), in.optionalEntry());
                case ACT_SYMLINK -> new Action.MakeSymlink(in.entry(), in.optionalEntry());
                case ACT_LINK -> link(in.entry(), in.optionalEntry());
                case ACT_META -> new Action.SetMetadata(in.entry(), in.optionalEntry());
                case ACT_REMOVE -> {
                    FileEntry e = in.entry();
                    int r = in.u8();
                    if (r >= Action.Reason.values().length) {
                        throw new ProtocolException("bad removal reason " + r);
                    }
                    yield new Action.Remove(e, Action.Reason.values()[r]);
                }
                default -> throw new ProtocolException("unknown action tag " + tag);
            });
        }
        return new Message.PlanChunk(actions);
    }

    private static Message literal(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        boolean compressed = in.bool();
        int raw = in.count(limits.maxFrame(), "literal length");
        byte[] data = in.bytes(limits.maxFrame());
        if (!compressed && raw != data.length) {
            throw new ProtocolException("literal length " + raw + " disagrees with its " + data.length + " bytes");
        }
        return new Message.Literal(data, compressed, raw);
    }

    private static Message treeQuery(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        boolean fresh = in.bool();
        int n = in.count(limits.maxEntries(), "tree probe");
        List<Message.TreeQuery.Probe> probes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            probes.add(new Message.TreeQuery.Probe(in.path(), in.i64()));
        }
        int k = in.count(limits.maxEntries(), "subtree");
        List<io.confsync.manifest.RelPath> subtrees = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            subtrees.add(in.path());
        }
        return new Message.TreeQuery(fresh, probes, subtrees);
    }

    private static Message treeListing(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        io.confsync.manifest.RelPath path = in.path();
        FileEntry self = in.optionalEntry();
        int n = in.count(limits.maxEntries(), "tree child");
        List<io.confsync.manifest.DigestTree.Child> children = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = in.string(io.confsync.manifest.RelPath.MAX_SEGMENT_BYTES);
            try {
                io.confsync.manifest.RelPath.ROOT.child(name);
            } catch (IllegalArgumentException e) {
                throw new ProtocolException("bad name in a tree listing of " + path + ": " + e.getMessage());
            }
            children.add(new io.confsync.manifest.DigestTree.Child(name, in.i64(), in.bool()));
        }
        return new Message.TreeListing(path, self, children);
    }

    private static Message driftReport(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        int n = in.count(limits.maxEntries(), "drift path");
        List<io.confsync.manifest.RelPath> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            paths.add(in.path());
        }
        return new Message.DriftReport(paths);
    }

    private static Message committed(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        long batch = in.i64();
        int created = in.i32();
        int updated = in.i32();
        int metadata = in.i32();
        int removed = in.i32();
        long bytes = in.i64();
        int n = in.count(limits.maxReasons(), "hook result");
        List<String> hooks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            hooks.add(in.string());
        }
        int k = in.version() >= Message.ATTRIBUTES_VERSION ? in.count(limits.maxReasons(), "notice") : 0;
        List<String> notices = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            notices.add(in.string());
        }
        return new Message.Committed(batch, created, updated, metadata, removed, bytes, hooks, notices);
    }

    private static Message aborted(PayloadIn in, ProtocolLimits limits) throws ProtocolException {
        long batch = in.i64();
        String code = in.string();
        String message = in.string();
        int n = in.count(limits.maxReasons(), "reason");
        List<String> reasons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            reasons.add(in.string());
        }
        return new Message.Aborted(batch, code, message, reasons);
    }
}
