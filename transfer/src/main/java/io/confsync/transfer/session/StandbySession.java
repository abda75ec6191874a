package io.confsync.transfer.session;

import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.manifest.plan.Planner;
import io.confsync.manifest.plan.Withheld;
import io.confsync.transfer.apply.TreeMirror;
import io.confsync.transfer.protocol.RefusedException;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A long-lived session with one standby for the live service. It remembers the standby's manifest
 * (fetched at connect and after anything unexpected, otherwise advanced by each committed plan), so
 * a change costs one batch round trip, not a manifest exchange.
 */
public final class StandbySession implements AutoCloseable {

    private final Link link;
    private final Sender sender;
    private final NodePush.Settings settings;
    private Manifest known;
    /** The source manifest last planned against: where the standby's differs, it is walked down from. */
    private Manifest lastSource;
    private final Set<RelPath> held = new HashSet<>();
    private final Map<RelPath, String> withheld = new TreeMap<>();
    private String configRefused;

    /**
     * Opens a push session; call {@link #refresh(Manifest)} before the first push.
     *
     * @param seq the source's current change set
     * @throws RefusedException if the standby refuses this node by the source rule
     * @throws IOException      if the standby refuses otherwise or the link breaks
     */
    public StandbySession(Link link, NodePush.Settings settings, long seq) throws IOException {
        this.link = link;
        this.settings = settings;
        this.sender = new Sender(link.in(), link.out(), settings.limits());
        try {
            sender.open(settings.cluster(), settings.self(), settings.standing(seq), true);
            configRefused = settings.offerConfig(sender, link.describe());
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** Why the standby refused the cluster configuration offered at connect; null if it did not. */
    public String configRefused() {
        return configRefused;
    }

    /** Asks the standby to take its manifest now, for the next {@link #refresh(Manifest)}: it scans while this node does. */
    public void askScan() throws IOException {
        sender.askScan();
    }

    /**
     * Fetches the standby's manifest again (reconcile, drift, or after an abort), as how it differs
     * from the last source scan planned against (or from what was known, before any).
     */
    public void refresh() throws IOException {
        refresh(lastSource != null ? lastSource : known);
    }

    /**
     * Fetches the standby's manifest (at connect) as how it differs from {@code like}, usually the
     * source's scan; null fetches it whole.
     */
    public void refresh(Manifest like) throws IOException {
        known = like == null ? sender.manifest() : sender.manifest(like);
    }

    /** True if the standby held nothing of the sync set when last listed: it needs an initial sync. */
    public boolean standbyEmpty() {
        return known.isEmpty();
    }

    /**
     * Brings the standby to the given source scan, change set {@code seq} of this epoch.
     *
     * @return the plan pushed (empty if nothing differed) and its result (null if empty)
     * @throws RefusedException if the standby refuses this node by the source rule
     * @throws IOException      if the link breaks
     */
    public Outcome push(ScanResult source, long seq) throws IOException {
        return push(source, null, seq);
    }

    /**
     * Brings the standby to the given source scan, which differs from the last one pushed only at
     * or under {@code dirty}: only those subtrees are compared. With null, everything is.
     *
     * @throws RefusedException if the standby refuses this node by the source rule
     * @throws IOException      if the link breaks
     */
    public Outcome push(ScanResult source, Collection<RelPath> dirty, long seq) throws IOException {
        return push(source, dirty, seq, plan -> { });
    }

    /**
     * {@link #push(ScanResult, Collection, long)}, telling {@code sending} the plan before it is
     * sent (not called when nothing is sent).
     *
     * @throws RefusedException if the standby refuses this node by the source rule
     * @throws IOException      if the link breaks
     */
    public Outcome push(ScanResult source, Collection<RelPath> dirty, long seq,
                        java.util.function.Consumer<Plan> sending)
            throws IOException {
        lastSource = source.manifest();
        PlanOptions options = TreeMirror.protect(settings.options(), source, held, settings.force());
        Plan plan = settings.guarded(dirty == null ? Planner.plan(source.manifest(), known, options)
                : Planner.planUnder(source.manifest(), known, options, dirty), known);
        track(plan, dirty);
        if (plan.isEmpty() && !sender.behind(seq)) {
            return new Outcome(plan, null);
        }
        sending.accept(plan);
        PushResult r = sender.push(plan, settings.sourceBase(), settings.force(), settings.maxBatch(), seq);
        if (r.ok()) {
            known = plan.applyTo(known);
        } else {
            refresh();
        }
        return new Outcome(plan, r);
    }

    /** Tells {@code sent} the size of each file sent whole or as a delta, as it goes (a progress bar). */
    public void onFileSent(java.util.function.LongConsumer sent) {
        sender.onFileSent(sent);
    }

    /**
     * Remembers the deletes held back: a full plan says all of them, a plan of some subtrees says
     * those subtrees only (held entries stay in the known manifest, so a later plan of a subtree
     * that holds them weighs them again, and one where the source has them back releases them).
     */
    private void track(Plan plan, Collection<RelPath> dirty) {
        if (dirty == null) {
            withheld.clear();
        } else {
            withheld.keySet().removeIf(p -> dirty.stream().anyMatch(p::startsWith));
        }
        for (Withheld w : plan.withheld()) {
            w.entries().forEach(e -> withheld.put(e.path(), w.reason()));
        }
    }

    /**
     * The standby's entries whose deletion is held back now, in path order, each with the reason;
     * empty when none.
     */
    public Map<RelPath, String> withheld() {
        return Collections.unmodifiableMap(withheld);
    }

    /**
     * Drift on the standby since the last call. With {@code revert}, the standby's manifest is
     * fetched again so the next push puts the source's version back; otherwise the paths are held
     * (left alone) from now on and only reported.
     *
     * @throws IOException on a broken session
     */
    public List<RelPath> drift(boolean revert) throws IOException {
        List<RelPath> paths = sender.drift();
        if (!paths.isEmpty()) {
            if (revert) {
                refresh();
            } else {
                held.addAll(paths);
            }
        }
        return paths;
    }

    /** The change set of this epoch the standby holds, as far as this session knows; -1 if none of it. */
    public long standbySeq() {
        return sender.peerSeq();
    }

    /** Paths whose drift is reported and left alone (standby-changes: report) in this session. */
    public int driftHeld() {
        return held.size();
    }

    /** Protocol bytes both ways so far. */
    public long wireBytes() {
        return sender.wireBytes();
    }

    /**
     * What a push did.
     *
     * @param plan   what was planned
     * @param result what the standby committed, or null for an empty plan
     */
    public record Outcome(Plan plan, PushResult result) {
    }

    @Override
    public void close() throws IOException {
        try {
            sender.close();
        } finally {
            link.close();
        }
    }
}
