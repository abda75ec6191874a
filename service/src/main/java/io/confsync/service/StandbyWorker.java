package io.confsync.service;

import io.confsync.cluster.SourceClaim;
import io.confsync.cluster.Wiring;
import io.confsync.conf.Node;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.protocol.RefusedException;
import io.confsync.transfer.session.NodePush;
import io.confsync.transfer.session.Progress;
import io.confsync.transfer.session.PushResult;
import io.confsync.transfer.session.StandbySession;
import io.confsync.transfer.ssh.Connector;
import io.confsync.transfer.ssh.LinkException;
import io.confsync.watcher.ChangeSink;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one standby in sync: connect, catch up, then push every new source snapshot; on any
 * failure, reconnect with exponential backoff and jitter, capped. One thread per standby, so a slow
 * or dead standby never holds up the others. A batch in flight is always finished before stopping.
 */
public final class StandbyWorker implements Runnable {

    /** What the standby's file systems would not keep, each logged once by this worker. */
    private final java.util.Set<String> notKept = new java.util.HashSet<>();
    private static final Logger LOG = LoggerFactory.getLogger(StandbyWorker.class);
    static final long BACKOFF_START_MS = 500;
    static final long BACKOFF_CAP_MS = 30_000;
    /** How often an idle session asks its standby for local changes. */
    static final long DRIFT_POLL_MS = 500;

    /**
     * What every worker of one service shares.
     *
     * @param ssh         the SSH client
     * @param settings    push settings (this node as the source of its epoch)
     * @param snapshots   the source's scans
     * @param board       status.json
     * @param retry       where paths to rescan go (a file changed while sent)
     * @param revertDrift put drift back, or only report it
     * @param claim       this node's source claim, for stepping down
     * @param onStepDown  stops the service once this node stepped down
     * @param metrics     what the pushes count for /metrics
     * @param firstSync   told how far each worker's first session's first push is (a progress bar
     *                    of the service's start on a terminal), and when it is over
     * @param seqAtStart  the change set this node held when the service started, told in the hellos
     *                    of sessions opened before the first scan is published
     */
    public record Shared(Connector ssh, NodePush.Settings settings, Snapshots snapshots, StatusBoard board,
                  ChangeSink retry, boolean revertDrift, SourceClaim claim, Runnable onStepDown,
                  ServiceMetrics metrics, Progress firstSync, long seqAtStart) {
    }

    private final Node node;
    private final Shared shared;
    private final Snapshots snapshots;
    private final StatusBoard board;
    /** The last push did not go through: compare everything next time. */
    private boolean fullNext;
    /** Bytes counted in status before the current session opened. */
    private long bytesBefore;
    /** The held-back deletes last reported. */
    private Map<RelPath, String> withheld = Map.of();
    /** When the standby was first found down since it was last up (System.nanoTime), 0 while up. */
    private long downSince;
    /** Why it was down. */
    private String downWhy;
    /** The stage of the session's first push (initial sync, catching up), null once it is done. */
    private String catchUp;
    /** Told of the first push of this worker, then {@link Progress#NONE}. */
    private Progress progress;

    public StandbyWorker(Node node, Shared shared) {
        this.node = node;
        this.shared = shared;
        this.snapshots = shared.snapshots();
        this.board = shared.board();
        this.progress = shared.firstSync();
    }

    @Override
    public void run() {
        long backoff = BACKOFF_START_MS;
        while (!snapshots.closed()) {
            // A standby that is down stays down (since it went down) while it is retried.
            board.update(node.name(), s -> s.state().equals("down") || s.state().equals("refused") ? s
                    : s.with("connecting", s.lastError(), board.now()));
            Snapshots.Snapshot first = snapshots.current();
            try (StandbySession session = new StandbySession(shared.ssh().open(Wiring.target(node)),
                    shared.settings(), first != null ? first.seq() : shared.seqAtStart())) {
                long held = session.standbySeq();
                String configRefused = session.configRefused();
                board.update(node.name(), s -> s.with("listing", s.lastError(), board.now()).withSeq(held)
                        .withConfigRefused(configRefused));
                session.askScan(); // the standby scans while this node does
                while (first == null) { // the service's first scan
                    first = snapshots.awaitNewer(0, 1_000);
                    if (first == null && snapshots.closed()) {
                        return;
                    }
                }
                session.refresh(first.scan().manifest());
                String stage = session.standbyEmpty() ? "initial sync" : "catching up";
                if (downSince != 0) {
                    LOG.info("{}: back after {} s down ({}); {}", node.name(),
                            (System.nanoTime() - downSince) / 1_000_000_000L, downWhy, stage);
                    downSince = 0;
                } else {
                    LOG.info("{}: connected, {}", node.name(), stage);
                }
                catchUp = stage;
                board.update(node.name(), s -> s.with(stage, null, board.now()));
                backoff = BACKOFF_START_MS;
                serve(session);
            } catch (RefusedException e) {
                firstPushOver();
                if (refused(e)) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                firstPushOver();
                String why = io.confsync.manifest.Reason.of(e);
                // From the failure's type: a host key or an authentication needs an operator; a node
                // that cannot be reached, or a link that broke, is only down (retried).
                String state = e instanceof LinkException l && l.code().needsOperator() ? "refused" : "down";
                if (downSince == 0) {
                    downSince = System.nanoTime();
                }
                downWhy = why;
                LOG.warn("{}: {} ({}); retrying in {} ms", node.name(), state, why, backoff);
                board.update(node.name(), s -> s.with(state, why, board.now()).inFlight(0));
            } catch (InterruptedException e) {
                return;
            }
            try {
                long jitter = ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
                if (snapshots.awaitClosed(backoff + jitter)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(BACKOFF_CAP_MS, backoff * 2);
        }
    }

    /**
     * A standby refused this node by the source rule. For a newer epoch this node steps down and
     * the service stops (true); a split brain is an alarm, retried with backoff in case an operator
     * resolves it.
     */
    private boolean refused(RefusedException e) {
        // The board raises the alarm (a split brain, a changed host key) and logs it once.
        board.update(node.name(), s -> s.with("refused", e.getMessage(), board.now()));
        try {
            if (e.stale() && shared.claim().stepDown(e.refusal(), node.name())) {
                shared.onStepDown().run();
                return true;
            }
        } catch (io.confsync.conf.StateException se) {
            LOG.error("{}: cannot record stepping down: {}", node.name(), se.getMessage());
        }
        return e.stale(); // stale: another worker already stepped down
    }

    private void serve(StandbySession session) throws IOException, InterruptedException {
        long seen = -1;
        bytesBefore = board.get(node.name()).bytesSent();
        Snapshots.Snapshot snap = snapshots.current();
        while (snap != null) {
            if (snap.reconcile() && seen >= 0) {
                session.refresh();
            }
            // Only the changed subtrees need comparing when this snapshot directly follows the last
            // one pushed and that push went through; otherwise compare everything.
            boolean incremental = !fullNext && seen >= 0 && snap.version() == seen + 1 && snap.dirty() != null
                    && !snap.reconcile();
            push(session, snap, incremental);
            seen = snap.version();
            snap = snapshots.awaitNewer(seen, DRIFT_POLL_MS);
            while (snap == null && !snapshots.closed()) {
                checkDrift(session);
                snap = snapshots.awaitNewer(seen, DRIFT_POLL_MS);
            }
        }
    }

    /** Asks for drift; reverts it (push the current source state again) unless the policy is report. */
    private void checkDrift(StandbySession session) throws IOException {
        List<RelPath> drift = session.drift(shared.revertDrift());
        if (drift.isEmpty()) {
            return;
        }
        for (RelPath p : drift) {
            LOG.warn("drift on {}: /{} was changed there; {}", node.name(), p.value(),
                    shared.revertDrift() ? "putting the source's version back (the standby's copy goes to its backups)"
                            : "reported only (standby-changes: report)");
        }
        shared.metrics().drift(node.name(), drift.size(), 0);
        if (shared.revertDrift()) {
            board.update(node.name(), s -> s.withDrift(drift.size(), 0));
            if (push(session, snapshots.current(), false)) {
                board.update(node.name(), s -> s.withDrift(0, drift.size()));
                shared.metrics().drift(node.name(), 0, drift.size());
            }
        } else {
            board.update(node.name(), s -> s.withDrift(session.driftHeld(), 0));
        }
    }

    /**
     * Says once, in the log and in status, which deletes a guard holds back for this standby, and
     * once when they are released (the source has the files again, or a forced sync deleted them).
     */
    private void reportWithheld(Map<RelPath, String> now) {
        if (now.equals(withheld)) {
            return;
        }
        java.util.Set<String> reasons = new java.util.TreeSet<>(now.values());
        if (now.isEmpty()) {
            LOG.info("{}: the {} held-back deletes are released", node.name(), withheld.size());
        } else if (!reasons.equals(new java.util.TreeSet<>(withheld.values()))) {
            reasons.forEach(r -> LOG.warn("{}: {}", node.name(), r));
        }
        withheld = Map.copyOf(now);
        board.update(node.name(), s -> s.withWithheld(now.size(), reasons.isEmpty() ? null : String.join("; ", reasons)));
    }

    /** The first push is over (or could not start): the progress bar hears no more of this worker. */
    private void firstPushOver() {
        progress.done(node.name());
        progress = Progress.NONE;
    }

    /** Pushes one snapshot; true if the standby now holds it. */
    private boolean push(StandbySession session, Snapshots.Snapshot snap, boolean incremental) throws IOException {
        // The first push of a session keeps its stage (initial sync, catching up); later ones say syncing.
        board.update(node.name(), s -> s.state().equals("ready") ? s.with("syncing", s.lastError(), board.now()) : s);
        long t0 = System.nanoTime();
        long wireBefore = session.wireBytes();
        Progress told = progress;
        session.onFileSent(bytes -> told.sent(node.name(), bytes));
        StandbySession.Outcome o;
        try {
            o = session.push(snap.scan(), incremental ? snap.dirty() : null, snap.seq(), plan -> {
                told.planned(node.name(), plan.count(io.confsync.manifest.plan.Action.PutFile.class), plan.bytes());
                board.update(node.name(), s -> s.inFlight(plan.actions().size()));
            });
        } finally {
            firstPushOver();
        }
        fullNext = o.result() != null && !o.result().ok();
        LOG.debug("{}: push of {} actions took {} ms", node.name(), o.plan().actions().size(),
                (System.nanoTime() - t0) / 1_000_000);
        PushResult r = o.result();
        String error = r == null || r.ok() ? null : r.aborted();
        String last = r != null && r.ok() ? board.now() : null;
        long wire = bytesBefore + session.wireBytes();
        long held = session.standbySeq();
        board.update(node.name(), s -> {
            NodeStatus after = s.afterBatch(last, held, wire).with(error == null ? "ready" : "down", error, board.now());
            return r == null || r.hooks().isEmpty() ? after : after.withHook(String.join("; ", r.hooks()), r.hookFailed());
        });
        reportWithheld(session.withheld());
        if (r != null) {
            r.notices().stream().filter(notKept::add).forEach(n -> LOG.warn("{}: {}", node.name(), n));
            shared.metrics().batch(node.name(), r.ok(), r.batches(), r.created() + r.updated(), o.plan().bytes(),
                    session.wireBytes() - wireBefore, r.bytes(), (System.nanoTime() - snap.nanos()) / 1e9);
            shared.metrics().hooks(node.name(), r.hooks());
        }
        if (catchUp != null && (r == null || r.ok())) {
            // One line for the catch-up, saying what it repaired: what the standby lacked or had changed.
            LOG.info("{}: {} done in {} ms, seq {}: {}", node.name(), catchUp, (System.nanoTime() - t0) / 1_000_000,
                    snap.seq(), o.plan().summary());
            catchUp = null;
        } else if (r != null && r.ok()) {
            LOG.info("{}: seq {}: {}", node.name(), snap.seq(), o.plan().summary());
        } else if (error != null) {
            LOG.warn("{}: batch aborted: {}", node.name(), error);
            if ("VERIFY".equals(r.abortCode())) {
                // A file changed while it was read: scan it again once it has settled, then retry.
                for (String reason : r.reasons()) {
                    String path = reason.contains(": ") ? reason.substring(0, reason.indexOf(": ")) : reason;
                    try {
                        shared.retry().changed(RelPath.of(path));
                    } catch (IllegalArgumentException e) {
                        shared.retry().lost("unparsable abort reason " + reason);
                    }
                }
            }
        }
        return error == null;
    }
}
