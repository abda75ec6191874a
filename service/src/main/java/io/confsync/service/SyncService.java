package io.confsync.service;

import io.confsync.cluster.SourceClaim;
import io.confsync.cluster.Wiring;
import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.conf.StateException;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import io.confsync.transfer.session.NodePush;
import io.confsync.transfer.session.Progress;
import io.confsync.transfer.ssh.Connector;
import io.confsync.transfer.ssh.LentConnector;
import io.confsync.watcher.ChangeBatch;
import io.confsync.watcher.ChangeSource;
import io.confsync.watcher.Settler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live service on the source: watch, settle, rescan the dirty paths with the hash cache,
 * publish the new scan, and let one worker per standby push it. A periodic full rescan with a
 * fresh manifest from every standby is the safety net for anything the watcher missed.
 */
public final class SyncService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

    private final Config config;
    private final Path base;
    private final PathRules rules;
    private final Scanner scanner;
    private final HashCache cache;
    private final ChangeSource source;
    private final Settler settler;
    private final Duration reconcileEvery;
    private final Snapshots snapshots = new Snapshots();
    private final StatusBoard board;
    private final LentConnector ssh;
    /**
     * Held while this service may push, released once its workers have stopped: {@code step-down}
     * takes it to know that this node pushes no more.
     */
    private io.confsync.manifest.FileMutex pushing;
    /** The lock file, {@code STATE-DIR/pushing.lock}, that a pushing service of {@code c} holds. */
    public static Path pushingLock(Config c) {
        return Wiring.stateDir(c).resolve("pushing.lock");
    }
    private final List<Thread> workers = new ArrayList<>();
    private final io.confsync.transfer.hook.HookRunner localHooks;
    private final SourceClaim claim;
    private final SeqWriter seqWriter;
    private volatile boolean stopping;
    /** When the next full rescan is due; a field, as the loop may be left and entered again. */
    private long nextReconcile;
    private volatile boolean steppedDown;
    private final ServiceMetrics metrics;
    private Progress firstSync = Progress.NONE;

    public SyncService(Config config, ChangeSource source, Duration reconcileEvery,
                boolean acceptNewHostKey) throws IOException {
        this(config, source, reconcileEvery, acceptNewHostKey, new ServiceMetrics());
    }

    /** A service whose events also go to {@code metrics} (which outlives it: a reload makes a new service). */
    public SyncService(Config config, ChangeSource source, Duration reconcileEvery,
                boolean acceptNewHostKey, ServiceMetrics metrics) throws IOException {
        this.config = config;
        this.metrics = metrics;
        this.claim = new SourceClaim(config);
        this.seqWriter = new SeqWriter(claim, this::stepDown);
        this.base = Wiring.base(config);
        this.rules = Wiring.rules(config);
        Path state = Wiring.stateDir(config);
        this.cache = HashCache.open(state);
        this.scanner = new Scanner(cache, Clock.systemUTC());
        this.source = source;
        this.settler = settler(config);
        this.reconcileEvery = reconcileEvery;
        List<NodeStatus> initial = new ArrayList<>();
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
        for (Node n : config.nodes()) {
            boolean self = n.name().equals(config.node());
            initial.add(NodeStatus.initial(n.name(), self ? "source" : "standby", self ? "watching" : "connecting", now));
        }
        this.board = new StatusBoard(state.resolve("status.json"), config.cluster(), config.node(), initial,
                Clock.systemUTC(), config.alarmAfter());
        this.ssh = new LentConnector(Wiring.serviceConnector(config, acceptNewHostKey));
        this.localHooks = new io.confsync.transfer.hook.HookRunner(Wiring.hooks(config, true),
                java.util.Map.of("CONFSYNC_NODE", config.node(), "CONFSYNC_CLUSTER", config.cluster()), base);
    }

    /**
     * The live service's settler: {@code watch.settle}, or an entry's own {@code settle}, for the
     * paths of that entry; {@code watch.max-delay} and {@code watch.max-write-wait} as the bounds.
     */
    public static Settler settler(Config c) {
        long fallback = c.watch().settle().toNanos();
        java.util.Map<io.confsync.manifest.RelPath, Long> byRoot = new java.util.HashMap<>();
        for (io.confsync.conf.SyncEntry e : c.sync()) {
            if (e.settle() != null) {
                byRoot.put(io.confsync.manifest.RelPath.ofAbsolute(e.path()), e.settle().toNanos());
            }
        }
        PathRules rules = Wiring.rules(c);
        return new Settler(System::nanoTime, p -> byRoot.isEmpty() ? fallback : rules.rootOf(p)
                .map(r -> byRoot.getOrDefault(r.path(), fallback)).orElse(fallback), c.watch().maxDelay(),
                c.watch().maxWriteWait());
    }

    /** The configuration this service runs with. */
    public Config config() {
        return config;
    }

    /** The hash cache the source's scans use, lent to the commands handed to the service (thread-safe). */
    public HashCache cache() {
        return cache;
    }

    /**
     * A loan of the connector the pushes use, with the sessions they hold open, for a command
     * handed to this service: to be closed after use; empty once this service is closing.
     */
    public Optional<Connector> lendConnector() {
        return ssh.lend();
    }

    /**
     * Tells {@code progress} how far each standby's first push is (before {@link #start}): a
     * progress bar of the initial sync when the service was started on a terminal.
     */
    public void showFirstSync(Progress progress) {
        this.firstSync = progress;
    }

    /**
     * Starts the workers, watching, and scans; returns once the first scan is published.
     *
     * @throws StateException if the cluster state is damaged
     * @throws io.confsync.cluster.ClusterRefusal if this node is not the source
     */
    public void start() throws IOException, StateException {
        ClusterState state = claim.require(null, false);
        try {
            // A step-down holds the lock for an instant to see that no service pushes: wait that out.
            pushing = io.confsync.manifest.FileMutex.tryAcquire(pushingLock(config), Duration.ofSeconds(10))
                    .orElseThrow(() -> new IOException(pushingLock(config)
                            + ": another confsync service pushes from this state directory; stop it first"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        nextReconcile = System.nanoTime() + reconcileEvery.toNanos();
        // The workers open their sessions (and the standbys scan) while this node registers its
        // watches and scans: on 100,000 files each side takes seconds.
        NodePush.Settings settings = Wiring.push(config, state.epoch(), false, false);
        StandbyWorker.Shared shared = new StandbyWorker.Shared(ssh, settings, snapshots, board,
                settler, config.revertDrift(), claim, this::stepDown, metrics, firstSync, state.seq());
        for (Node n : config.nodes()) {
            if (!n.name().equals(config.node())) {
                Thread t = new Thread(new StandbyWorker(n, shared), "standby-" + n.name());
                workers.add(t);
                t.start();
            }
        }
        source.start(settler.alarmsTo(alarm -> board.alarm("watcher", alarm)));
        ScanResult first = scanner.scan(base, rules);
        metrics.fullRescan(false);
        // Whatever changed while no service ran is a change set of its own.
        state = claim.nextChange();
        snapshots.publish(first, false, System.nanoTime(), null, state.seq());
        board.started(state.epoch(), state.seq());
        metrics.board(board);
    }

    /** Stops the loop because this node is no longer the source (workers finish their batch). */
    private void stepDown() {
        steppedDown = true;
        stopping = true;
        snapshots.close();
    }

    /** Why {@link #loop} returned. */
    public enum Outcome {
        /** {@link #close()} was called. */
        STOPPED,
        /** This node is no longer the source. */
        STEPPED_DOWN,
        /** The caller's {@code leave} said so; the service still runs and the loop may be entered again. */
        LEFT
    }

    /**
     * Turns settled changes into snapshots until {@link #close()} or until this node is no longer
     * the source (a standby refused it for a newer epoch, or a promote elsewhere reached this
     * node's receiver); the state file is read again at least every second.
     *
     * @return true if the loop ended because this node stepped down
     * @throws InterruptedException if interrupted
     */
    public boolean loop() throws InterruptedException {
        return loop(() -> false) == Outcome.STEPPED_DOWN;
    }

    /**
     * {@link #loop()}, asking {@code leave} at least every second whether to return for a while
     * (a reload): the workers and their sessions go on meanwhile.
     *
     * @throws InterruptedException if interrupted
     */
    public Outcome loop(java.util.function.BooleanSupplier leave) throws InterruptedException {
        while (!stopping) {
            // SIGTERM interrupts this thread; file channels then fail, which must not read as a damaged state.
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            if (leave.getAsBoolean()) {
                return Outcome.LEFT;
            }
            board.tick();
            if (!stillSource()) {
                stepDown();
                break;
            }
            long untilReconcile = Math.max(1, nextReconcile - System.nanoTime());
            Optional<ChangeBatch> batch = settler.await(Math.min(untilReconcile, 1_000_000_000L));
            boolean reconcile = System.nanoTime() >= nextReconcile;
            if (batch.isEmpty() && !reconcile) {
                continue;
            }
            long changed = System.nanoTime();
            try {
                ScanResult previous = snapshots.current().scan();
                boolean full = reconcile || batch.get().rescanAll();
                if (full) {
                    metrics.fullRescan(!reconcile);
                }
                ScanResult next = full ? scanner.scan(base, rules)
                        : scanner.rescan(base, rules, previous, batch.get().dirty());
                long seq = snapshots.current().seq();
                java.util.Set<io.confsync.manifest.RelPath> paths = java.util.Set.of();
                if (!next.manifest().equals(previous.manifest())) {
                    seq++;
                    seqWriter.record(seq);
                    paths = changedPaths(previous, next);
                }
                snapshots.publish(next, reconcile, changed, full ? null : batch.get().dirty(), seq);
                if (!paths.isEmpty()) {
                    board.changed(seq, System.currentTimeMillis() - (System.nanoTime() - changed) / 1_000_000, paths);
                }
                LOG.debug("published a scan of {} dirty paths in {} ms", batch.map(b -> b.dirty().size()).orElse(0),
                        (System.nanoTime() - changed) / 1_000_000);
                runLocalHooks(paths);
                if (reconcile) {
                    nextReconcile = System.nanoTime() + reconcileEvery.toNanos();
                    cache.persist();
                }
            } catch (IOException e) {
                LOG.error("cannot scan {}: {}", base, e.getMessage());
            }
        }
        return steppedDown ? Outcome.STEPPED_DOWN : Outcome.STOPPED;
    }

    private boolean stillSource() throws InterruptedException {
        try {
            ClusterState s = claim.current();
            if (s.isSource(config.node())) {
                return true;
            }
            LOG.warn("no longer the source: {}", claim.notSource(s));
        } catch (StateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            LOG.error("{}", e.getMessage());
        }
        return false;
    }

    /** The paths whose entries differ between two scans: added, changed or gone. */
    private static java.util.Set<io.confsync.manifest.RelPath> changedPaths(ScanResult previous, ScanResult next) {
        java.util.Set<io.confsync.manifest.RelPath> changed = new java.util.TreeSet<>();
        next.manifest().forEach(e -> {
            if (!e.equals(previous.manifest().get(e.path()))) {
                changed.add(e.path());
            }
        });
        previous.manifest().forEach(e -> {
            if (!next.manifest().contains(e.path())) {
                changed.add(e.path());
            }
        });
        return changed;
    }

    /** {@code local: true} hooks run on the source itself, once per published change. */
    private void runLocalHooks(java.util.Set<io.confsync.manifest.RelPath> changed) {
        if (localHooks.isEmpty() || changed.isEmpty()) {
            return;
        }
        List<io.confsync.transfer.hook.HookResult> results = localHooks.run(List.copyOf(changed));
        if (!results.isEmpty()) {
            String ran = String.join("; ", results.stream().map(io.confsync.transfer.hook.HookResult::summary).toList());
            boolean failed = results.stream().anyMatch(r -> !r.ok());
            board.update(config.node(), s -> s.withHook(ran, failed));
            metrics.hooks(config.node(), results.stream().map(io.confsync.transfer.hook.HookResult::summary).toList());
        }
    }

    /** Raises ({@code text} not null) or clears an alarm of this service in status.json. */
    public void alarm(String what, String text) {
        board.alarm(what, text);
    }

    /** Stops watching, lets every batch in flight finish (30 s at most each), saves the cache. */
    @Override
    public void close() throws IOException {
        close(Duration.ofSeconds(30));
    }

    /**
     * Stops watching, lets every batch in flight finish ({@code batchWait} at most each: a reload
     * waits for a large batch, a SIGTERM must end within systemd's stop timeout), saves the cache.
     */
    public void close(Duration batchWait) throws IOException {
        stopping = true;
        snapshots.close();
        // The SIGTERM that stops the service interrupted this thread, and the flag may still be set
        // (the loop can notice it without waiting): cleared here, or the joins below would return at
        // once and the sessions would close in the middle of their batches. A second signal during
        // the joins does cut them short.
        boolean interrupted = Thread.interrupted();
        try {
            source.close();
        } finally {
            for (Thread t : workers) {
                try {
                    if (t.isAlive()) {
                        t.join(1000);
                    }
                    if (t.isAlive()) {
                        LOG.info("waiting for the batch in flight to {} to finish (at most {} s)",
                                t.getName().substring("standby-".length()), batchWait.toSeconds());
                        t.join(Math.max(1, batchWait.toMillis() - 1000));
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
            ssh.close();
            if (pushing != null) {
                pushing.close();
            }
            seqWriter.close();
            metrics.board(null);
            board.close();
            cache.persist();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
