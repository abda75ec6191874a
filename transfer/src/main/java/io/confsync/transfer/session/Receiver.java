package io.confsync.transfer.session;

import io.confsync.manifest.FileKind;
import io.confsync.manifest.FileMutex;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.Planner;
import io.confsync.transfer.apply.Applier;
import io.confsync.transfer.apply.ApplyException;
import io.confsync.transfer.apply.ApplyResult;
import io.confsync.transfer.apply.BackupStore;
import io.confsync.transfer.hook.HookResult;
import io.confsync.transfer.hook.HookRunner;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;
import io.confsync.transfer.protocol.TimedInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standby side of a session. It answers with its own manifest, signatures of its own files, and
 * applies batches inside its own roots with its own limits; one batch at a time per state
 * directory, across processes (a file lock), so that two senders cannot interleave.
 */
public final class Receiver {

    private static final Logger LOG = LoggerFactory.getLogger(Receiver.class);
    /** Exists in the state directory while a batch is being applied. */
    static final String BATCH_MARKER = "batch-in-progress";

    private final ReceiverSettings settings;
    private final Clock clock;
    private final LocalScans scans;
    private final HookRunner hooks;
    private final DriftTracker drift = new DriftTracker();
    private final LastError lastError;
    private final LocalReads reads;

    /**
     * @param settings this node's own values
     * @param clock    for the racy-clean rule and backup names
     */
    public Receiver(ReceiverSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.scans = new LocalScans(settings, clock);
        this.lastError = new LastError(settings.stateDir().resolve(LastError.FILE_NAME));
        this.reads = new LocalReads(settings);
        this.hooks = new HookRunner(settings.hooks(),
                Map.of("CONFSYNC_NODE", settings.node(), "CONFSYNC_CLUSTER", settings.cluster()),
                settings.base());
    }

    /**
     * For a receiver that lives as long as a service: read-only sessions are answered from a
     * manifest the file watcher keeps current ({@link LiveScan}) instead of a walk of the sync set.
     * Needs a watcher factory in the settings; {@link #close()} stops it.
     */
    public Receiver keepLive() {
        scans.keepLive();
        return this;
    }

    /** Stops the watcher of {@link #keepLive()}; sessions still in flight go on with full scans. */
    public void close() throws IOException {
        scans.close();
    }

    /** How many files this receiver has read to hash them, over all its scans. */
    public long filesHashed() {
        return scans.filesHashed();
    }

    /** How many files its scans have visited (looked up in the hash cache), over all its scans. */
    public long filesVisited() {
        return scans.filesVisited();
    }

    private Applier applier(boolean force) {
        return new Applier(settings.base(), settings.rules(), new BackupStore(settings.stateDir().resolve("backups"),
                settings.backupsKeep(), clock), settings.apply().withForce(force));
    }

    /**
     * Removes temporaries left by a batch that never finished. Call once when the receiver starts.
     * Only a batch that was interrupted leaves its marker behind, so a clean start walks nothing:
     * with the exec transport every session is a new receiver, and a walk of a large tree costs
     * more than a small batch. The marker is created before the first temporary and fsynced along
     * with them (one journal), so it is never lost while they survive.
     *
     * @throws IOException if a root cannot be walked
     */
    public void sweep() throws IOException {
        if (!Files.exists(batchMarker())) {
            return;
        }
        // Under the batch lock: another receiver on this node (a session handed to the service, or
        // one started by sshd) may be staging right now, and its marker is not a dead batch's.
        try (FileMutex lock = batchLock()) {
            if (!Files.exists(batchMarker())) {
                return;
            }
            int n = applier(false).sweepTemporaryFiles();
            if (n > 0) {
                LOG.warn("removed {} temporary files left by an interrupted batch", n);
            }
            Files.deleteIfExists(batchMarker());
        }
    }

    private Path batchMarker() {
        return settings.stateDir().resolve(BATCH_MARKER);
    }

    /**
     * Serves one session until the sender says {@code Bye}, closes, or is refused by the source rule.
     *
     * @throws IOException on a protocol violation or a broken stream (an Error is sent first when possible)
     */
    public void serve(InputStream in, OutputStream out) throws IOException {
        TimedInput timed = new TimedInput(in);
        FrameReader reader = new FrameReader(timed, settings.limits());
        FrameWriter writer = new FrameWriter(out, settings.limits());
        try {
            Message.Hello hello = handshake(reader, writer);
            if (hello == null) {
                return;
            }
            if (hello.push()) {
                LOG.info("push session from {} opened", hello.node());
            } else {
                LOG.debug("read-only session from {} opened", hello.node()); // audits and status --live, often
            }
            for (Receiver at = this; at != null; ) {
                at = at.converse(hello, timed, reader, writer);
            }
            if (hello.push()) {
                LOG.info("push session from {} closed", hello.node());
            }
        } catch (ProtocolException e) {
            LOG.warn("session refused: {}", e.getMessage());
            trySend(writer, new Message.Error("PROTOCOL", e.getMessage()));
            throw e;
        } catch (IOException e) {
            // Mostly a damaged cluster state: the sender must learn why, not just see the link drop.
            trySend(writer, new Message.Error("IO", settings.node() + ": " + e.getMessage()));
            throw e;
        } finally {
            timed.close();
        }
    }

    /**
     * Answers a session's messages until {@code Bye} or a refusal (then null), or until a
     * configuration the source offered is installed: the rest of the session then belongs to the
     * receiver of the new configuration, which is returned.
     */
    private Receiver converse(Message.Hello hello, TimedInput timed, FrameReader reader, FrameWriter writer)
            throws IOException {
        LocalWatch local = new LocalWatch(settings, drift);
        ScanResult readOnly = null;
        ScanResult walked = null; // the manifest a walk down the digest tree answers from
        try {
            for (Message m = reader.read(); !(m instanceof Message.Bye); m = reader.read()) {
                if (m instanceof Message.ManifestRequest) {
                    ManifestAnswers.entries(writer, (hello.push() ? scanForSender() : scans.readOnly()).manifest(),
                            settings.limits().maxEntries());
                } else if (m instanceof Message.TreeQuery q) {
                    if (q.fresh() || walked == null) {
                        walked = hello.push() ? scanForSender() : scans.readOnly();
                        readOnly = hello.push() ? null : walked;
                    }
                    ManifestAnswers.tree(writer, q, walked.manifest(), settings.limits().maxEntries());
                } else if (m instanceof Message.SignatureRequest r) {
                    writer.write(new Message.SignatureReply(r.id(), reads.signature(r.path())));
                } else if (m instanceof Message.ContentRequest r) {
                    writer.write(reads.content(r.path()));
                } else if (m instanceof Message.BatchBegin b && hello.push()) {
                    BatchLimits bl = settings.batchLimits();
                    timed.bound(bl.idle().toNanos(), bl.total().toNanos(), "batch " + b.batch());
                    Message answer;
                    try {
                        answer = batch(b, reader, hello);
                    } finally {
                        timed.unbounded();
                    }
                    writer.send(answer);
                    if (answer instanceof Message.Refused) {
                        return null;
                    }
                } else if (m instanceof Message.ConfigOffer o && hello.push()) {
                    ConfigKeeper.Verdict v = offered(o, hello.node());
                    writer.send(answer(v));
                    if (v instanceof ConfigKeeper.Verdict.Installed i) {
                        return new Receiver(i.next(), clock);
                    }
                } else if (m instanceof Message.DigestQuery q && !hello.push()) {
                    readOnly = scans.readOnly();
                    Manifest own = readOnly.manifest(); // what a read-only ManifestRequest is sent
                    writer.write(new Message.DigestReport(io.confsync.manifest.plan.Drift.digest(own, q.owners()),
                            own.size()));
                } else if (m instanceof Message.NodeLocalQuery && !hello.push()) {
                    // The digest's scan when there was one: an audit asks both, one scan answers.
                    writer.write(new Message.NodeLocalReport((readOnly != null ? readOnly : scans.readOnly())
                            .nodeLocal().size()));
                } else if (m instanceof Message.IdentityQuery) {
                    writer.write(new Message.IdentityReport(settings.config().identity()));
                } else if (m instanceof Message.ErrorQuery) {
                    LastError.Entry e = LastError.read(settings.stateDir());
                    boolean current = e != null && e.current(settings.fence().standing());
                    writer.write(new Message.ErrorReport(current ? e.message() : "",
                            current && e.at() != null ? e.at().toEpochMilli() : -1));
                } else if (m instanceof Message.DriftQuery && hello.push()) {
                    local.ensure();
                    writer.write(new Message.DriftReport(driftSinceLastQuery()));
                } else {
                    throw new ProtocolException("unexpected " + m.getClass().getSimpleName()
                            + (hello.push() ? "" : " in a read-only session"));
                }
                writer.flush();
            }
            return null;
        } finally {
            local.close();
            if (hello.push()) {
                scans.persist(); // a read-only session writes nothing, not even the cache
            }
        }
    }

    /** The keeper's verdict on an offered configuration; one that could not be installed is refused. */
    private ConfigKeeper.Verdict offered(Message.ConfigOffer o, String from) {
        ConfigKeeper.Verdict v;
        try {
            v = settings.config().offer(o.files());
        } catch (IOException e) {
            v = new ConfigKeeper.Verdict.Refused("cannot install it: " + io.confsync.manifest.Reason.of(e));
        }
        if (v instanceof ConfigKeeper.Verdict.Installed) {
            LOG.info("installed the cluster files from {}; this session goes on with them", from);
        } else if (v instanceof ConfigKeeper.Verdict.Refused r) {
            LOG.warn("cluster files from {} refused: {}", from, r.why());
        }
        return v;
    }

    private static Message.ConfigAnswer answer(ConfigKeeper.Verdict v) {
        if (v instanceof ConfigKeeper.Verdict.Refused r) {
            return new Message.ConfigAnswer(Message.ConfigAnswer.REFUSED, r.why());
        }
        return new Message.ConfigAnswer(v instanceof ConfigKeeper.Verdict.Installed ? Message.ConfigAnswer.INSTALLED
                : Message.ConfigAnswer.SAME, "");
    }

    /** The sender's hello, or null if its push was refused (the refusal is sent). */
    private Message.Hello handshake(FrameReader reader, FrameWriter writer) throws IOException {
        Message.Hello hello = reader.expect(Message.Hello.class);
        int version = Versions.negotiate(hello);
        reader.speak(version);
        writer.speak(version);
        if (!hello.cluster().equals(settings.cluster())) {
            throw new ProtocolException("sender " + hello.node() + " belongs to cluster '" + hello.cluster()
                    + "', this node to '" + settings.cluster() + "'");
        }
        if (!settings.senders().contains(hello.node())) {
            throw new ProtocolException("node '" + hello.node() + "' is not in this node's node list");
        }
        if (hello.push()) {
            Optional<Message.Refused> refused;
            // Under the batch lock: a newer epoch is adopted between batches, never during one.
            try (FileMutex lock = batchLock()) {
                refused = settings.fence().admit(hello.node(), hello.epoch());
            }
            if (refused.isPresent()) {
                writer.send(noted(refused.get(), hello.epoch()));
                return null;
            }
        }
        Fence.Standing st = settings.fence().standing();
        writer.send(new Message.Hello(version, Versions.OLDEST, settings.cluster(), settings.node(), st.epoch(),
                st.seq(), st.source(), false, LastError.currentIn(settings.stateDir(), st)));
        return hello;
    }

    /** Logs and records a refusal of {@code sender}'s claim to be the source of {@code epoch}. */
    private Message.Refused noted(Message.Refused r, long epoch) {
        LOG.warn("push refused: {}", r.message());
        lastError.set(r.message(), epoch, clock.instant());
        return r;
    }

    /**
     * This node's manifest as told to a pushing sender, which from then on is what the node is
     * expected to hold: later local edits are drift.
     */
    private ScanResult scanForSender() throws IOException {
        ScanResult s = scan();
        drift.expect(s);
        return s;
    }

    private ScanResult scan() throws IOException {
        return scans.exact();
    }

    /** Local changes that left files other than the last batch made them; each reported once. */
    private List<RelPath> driftSinceLastQuery() throws IOException {
        DriftTracker.Pending pending = drift.take();
        ScanResult expected = drift.expected();
        if (pending.isEmpty() || expected == null || !Files.isDirectory(settings.base())) {
            return List.of();
        }
        ScanResult fresh = scans.again(expected, pending.all() ? null : pending.paths());
        List<RelPath> changed = DriftTracker.differences(expected.manifest(), fresh.manifest());
        drift.expect(fresh);
        changed.forEach(p -> LOG.warn("drift on {}: {} changed locally", settings.node(), p));
        return changed;
    }

    private Message batch(Message.BatchBegin begin, FrameReader reader, Message.Hello hello) throws IOException {
        BatchLimits bl = settings.batchLimits();
        if (begin.actions() > bl.maxActions()) {
            throw new ProtocolException("batch " + begin.batch() + " announces " + begin.actions() + " actions, more "
                    + "than limits.max-plan-actions (" + bl.maxActions() + ")");
        }
        List<Action> actions = new ArrayList<>(Math.min(Math.max(begin.actions(), 0), 1 << 16));
        long planFrom = reader.bytes();
        while (actions.size() < begin.actions()) {
            actions.addAll(reader.expect(Message.PlanChunk.class).actions());
            if (reader.bytes() - planFrom > bl.maxPlanBytes()) {
                throw new ProtocolException("the plan of batch " + begin.batch() + " exceeds " + bl.maxPlanBytes()
                        + " bytes (the receiver's bound on a plan in memory)");
            }
        }
        if (actions.size() != begin.actions()) {
            throw new ProtocolException("plan of " + actions.size() + " actions, announced " + begin.actions());
        }
        Plan plan = new Plan(actions);
        try (FileMutex lock = batchLock()) {
            // Checked again per batch: a promote elsewhere may have moved this node on since the hello.
            Optional<Message.Refused> refused = settings.fence().admit(hello.node(), hello.epoch());
            if (refused.isPresent()) {
                drain(reader);
                return noted(refused.get(), hello.epoch());
            }
            if (plan.bytes() > settings.maxBatch()) {
                throw new ApplyException(ApplyException.Code.LIMIT, "batch of " + plan.bytes()
                        + " bytes exceeds limits.max-batch-size " + settings.maxBatch(), List.of());
            }
            // The guard needs the target's file count: the expectation kept for drift is current
            // (refreshed on every manifest request, advanced by every commit); a full scan per
            // batch would cost more than the batch on a large tree.
            if (plan.isEmpty()) {
                // Nothing to change: the sender only tells which change set this node now holds.
                reader.expect(Message.BatchEnd.class);
                settings.fence().holding(hello.node(), hello.epoch(), begin.seq());
                return new Message.Committed(begin.batch(), 0, 0, 0, 0, 0, List.of(), List.of());
            }
            ScanResult expected = drift.expected();
            Manifest target = expected != null ? expected.manifest() : scan().manifest();
            LOG.debug("batch {}: {} actions received, applying", begin.batch(), plan.actions().size());
            Files.write(batchMarker(), new byte[0]);
            scans.touched(plan); // committed or rolled back, what the batch may have touched is looked at again
            ApplyResult r = applier(begin.force()).apply(plan, target,
                    new StreamContent(reader, settings.limits().maxFrame()), () -> reader.expect(Message.BatchEnd.class));
            Files.deleteIfExists(batchMarker());
            LOG.info("batch {} committed: {} created, {} updated, {} metadata, {} deleted", begin.batch(),
                    r.created(), r.updated(), r.metadata(), r.removed());
            drift.committed(plan);
            if (!r.notices().isEmpty() && drift.expected() != null) {
                // What the file system would not keep is what this node holds now, not drift to report.
                drift.expect(scans.again(drift.expected(), plan.actions().stream().map(Action::path).toList()));
            }
            scans.touched(plan);
            settings.fence().holding(hello.node(), hello.epoch(), begin.seq());
            lastError.clear();
            List<String> ran = hooks.run(changedPaths(plan)).stream()
                    .map(HookResult::summary).toList();
            return new Message.Committed(begin.batch(), r.created(), r.updated(), r.metadata(), r.removed(),
                    r.bytesWritten(), ran, r.notices());
        } catch (ApplyException e) {
            Files.deleteIfExists(batchMarker()); // an aborted batch removed its own temporaries
            if (e.getCause() instanceof ProtocolException pe) {
                throw pe; // the stream broke or lied: rolled back, and the session ends
            }
            drain(reader);
            LOG.warn("batch {} aborted: {}", begin.batch(), e.getMessage());
            lastError.set("batch aborted: " + e.getMessage(), hello.epoch(), clock.instant());
            return new Message.Aborted(begin.batch(), e.code().name(), e.getMessage(), e.reasons());
        }
    }

    /** Paths whose content, kind or presence the plan changed (directory mtime fix-ups left out). */
    static List<RelPath> changedPaths(Plan plan) {
        return plan.actions().stream()
                .filter(a -> !(a instanceof Action.SetMetadata s && s.entry().kind() == FileKind.DIRECTORY
                        && (s.current() == null || !Planner.metadataDiffers(s.entry(),
                        s.current(), true))))
                .map(Action::path).toList();
    }

    /** One batch (or epoch adoption) at a time per state directory, whoever holds it. */
    private FileMutex batchLock() throws IOException {
        return FileMutex.acquire(settings.stateDir().resolve("receiver.lock"));
    }

    /** Skips the rest of an aborted batch's data, up to its end. */
    private static void drain(FrameReader reader) throws IOException {
        for (Message m = reader.read(); !(m instanceof Message.BatchEnd); m = reader.read()) {
            if (!(m instanceof Message.FileStart || m instanceof Message.Literal || m instanceof Message.Copy
                    || m instanceof Message.FileEnd)) {
                throw new ProtocolException("unexpected " + m.getClass().getSimpleName() + " in batch data");
            }
        }
    }

    private static void trySend(FrameWriter writer, Message m) {
        try {
            writer.send(m);
        } catch (IOException e) {
            LOG.debug("could not send {}: {}", m, e.toString());
        }
    }
}
