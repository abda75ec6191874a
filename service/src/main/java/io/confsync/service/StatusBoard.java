package io.confsync.service;

import io.confsync.conf.JsonDocument;
import io.confsync.manifest.Durable;
import io.confsync.manifest.RelPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live service's view of every node, kept in {@code <state-dir>/status.json} and replaced
 * atomically after every change, so {@code confsync status} never reads half a file. Not fsynced:
 * it is rewritten twice per batch and is only advisory. Written by a thread of its own, a burst of
 * changes at once: a push used to write it first, and on a busy disk that rename waited for the
 * journal (measured: up to 65 ms between a published change and its push). Thread-safe.
 *
 * <p>It also keeps the alarms: those the service raises (watcher, reload) and those that follow
 * from the nodes' lines (a standby refused, down for longer than {@code alarm-after}, its last hook
 * failed). Each alarm is logged once when raised and once when over.
 */
public final class StatusBoard implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    private final Path file;
    private final String cluster;
    private final String source;
    private final Clock clock;
    private final Duration alarmAfter;
    private final Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    private final Map<String, String> alarms = new TreeMap<>();
    private final ChangeHistory history = new ChangeHistory();
    private long epoch;
    /** A write is queued and has not yet taken its copy of the state. */
    private boolean queued;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "status-writer");
        t.setDaemon(true);
        return t;
    });

    public StatusBoard(Path file, String cluster, String source, List<NodeStatus> initial, Clock clock,
                       Duration alarmAfter) {
        this.file = file;
        this.cluster = cluster;
        this.source = source;
        this.clock = clock;
        this.alarmAfter = alarmAfter;
        initial.forEach(n -> nodes.put(n.node(), n));
    }

    /** Now, as the board writes times: ISO-8601 to the millisecond. */
    public String now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** The service started as the source of {@code newEpoch}, its files at change set {@code seq}. */
    public synchronized void started(long newEpoch, long seq) {
        this.epoch = newEpoch;
        history.start(seq);
        nodes.computeIfPresent(source, (k, v) -> v.withSeq(seq));
        write();
    }

    /** The source published change set {@code seq}, which changed {@code paths}, first seen at {@code seenMillis}. */
    public synchronized void changed(long seq, long seenMillis, Set<RelPath> paths) {
        history.add(seq, seenMillis, paths);
        nodes.computeIfPresent(source, (k, v) -> v.withSeq(seq));
        write();
    }

    /** Raises ({@code text} not null) or clears an alarm of this service, and writes the file. */
    public synchronized void alarm(String what, String text) {
        raise(what, text);
        write();
    }

    private void raise(String what, String text) {
        String before = text == null ? alarms.remove(what) : alarms.put(what, text);
        if (text != null && !text.equals(before)) {
            LOG.error("ALARM {}", text);
        } else if (text == null && before != null) {
            LOG.info("ALARM over: {}", before);
        }
    }

    /** Applies a change to one node's line and writes the file. */
    public synchronized void update(String node, UnaryOperator<NodeStatus> change) {
        NodeStatus now = nodes.computeIfPresent(node, (k, v) -> change.apply(v));
        if (now != null) {
            nodeAlarms(now);
        }
        write();
    }

    /**
     * Raises the alarms that depend on time (a standby down for longer than {@code alarm-after}) and
     * rewrites the file while a standby lags, so its lag's age stays current. Called about every second.
     */
    public synchronized void tick() {
        boolean lagging = false;
        for (NodeStatus n : nodes.values()) {
            nodeAlarms(n);
            lagging |= !n.node().equals(source) && n.seq() < history.seq();
        }
        if (lagging) {
            write();
        }
    }

    private void nodeAlarms(NodeStatus n) {
        if (n.node().equals(source)) {
            raise("hook " + n.node(), n.hookFailed() ? n.node() + ": hook failed: " + n.lastHook() : null);
            return;
        }
        raise("refused " + n.node(), n.state().equals("refused") ? n.node() + ": refused: " + n.lastError() : null);
        boolean longDown = n.state().equals("down") && n.since() != null
                && Duration.between(Instant.parse(n.since()), clock.instant()).compareTo(alarmAfter) >= 0;
        raise("down " + n.node(), longDown ? n.node() + ": down since " + n.since() + " (longer than alarm-after, "
                + alarmAfter.toSeconds() + " s): " + n.lastError() : null);
        raise("hook " + n.node(), n.hookFailed() ? n.node() + ": hook failed: " + n.lastHook() : null);
    }

    /** The lines as status.json has them, lag included. */
    public synchronized List<Map<String, Object>> lines() {
        long now = clock.millis();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (NodeStatus n : nodes.values()) {
            lines.add(line(n, n.node().equals(source) ? null : history.lag(n.seq()), now));
        }
        return lines;
    }

    public synchronized long epoch() {
        return epoch;
    }

    public synchronized long seq() {
        return history.seq();
    }

    /** The alarms raised now, in the order of their keys. */
    public synchronized List<String> alarms() {
        return List.copyOf(alarms.values());
    }

    public synchronized NodeStatus get(String node) {
        return nodes.get(node);
    }

    /** Queues a write of the current state (under the lock). */
    private void write() {
        if (!queued && !writer.isShutdown()) {
            queued = true;
            writer.execute(this::flush);
        }
    }

    private void flush() {
        byte[] bytes;
        synchronized (this) {
            queued = false;
            bytes = render();
        }
        try {
            Durable.replace(file, bytes, false);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, io.confsync.manifest.Reason.of(e));
        }
    }

    /** Writes what is queued, then stops writing. */
    @Override
    public void close() {
        synchronized (this) {
            writer.shutdown(); // under the lock: write() never queues on a writer shut down
        }
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("{} was not written within 10 s", file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The document (docs/schema/status.schema.json), under the lock. */
    private byte[] render() {
        long oldestHeld = Long.MAX_VALUE;
        for (NodeStatus n : nodes.values()) {
            if (!n.node().equals(source)) {
                oldestHeld = Math.min(oldestHeld, n.seq());
            }
        }
        List<Map<String, Object>> lines = lines();
        if (oldestHeld >= 0 && oldestHeld != Long.MAX_VALUE) {
            history.forgetUpTo(oldestHeld);
        }
        Map<String, Object> doc = JsonDocument.start();
        doc.put("cluster", cluster);
        doc.put("source", source);
        doc.put("epoch", epoch);
        doc.put("seq", history.seq());
        doc.put("updated", clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
        doc.put("nodes", lines);
        doc.put("alarms", new ArrayList<>(alarms.values()));
        return JsonDocument.write(doc).getBytes(StandardCharsets.UTF_8);
    }

    /** How long the oldest change a standby lacks has waited; 0 when it lacks none, null if not known. */
    private static Double lagSeconds(ChangeHistory.Lag lag, long now) {
        if (lag == null || lag.seqs() == null) {
            return null;
        }
        if (lag.seqs() == 0) {
            return 0.0;
        }
        return lag.oldest() == null ? null : Math.max(0, now - lag.oldest()) / 1000.0;
    }

    private static Map<String, Object> line(NodeStatus n, ChangeHistory.Lag lag, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", n.node());
        m.put("role", n.role());
        m.put("state", n.state());
        m.put("since", n.since());
        m.put("last_batch", n.lastBatch());
        m.put("seq", n.seq() < 0 ? null : n.seq());
        m.put("seq_lag", lag == null ? null : lag.seqs());
        m.put("pending_paths", lag == null ? null : lag.paths());
        m.put("oldest_pending", lag == null || lag.oldest() == null ? null : Instant.ofEpochMilli(lag.oldest()).toString());
        m.put("lag_seconds", lagSeconds(lag, now));
        m.put("in_flight", n.inFlight());
        m.put("bytes_sent", n.bytesSent());
        m.put("last_error", n.lastError());
        m.put("last_error_at", n.lastErrorAt());
        m.put("drift_now", n.driftNow());
        m.put("reverted", n.reverted());
        m.put("last_hook", n.lastHook());
        m.put("hook_failed", n.hookFailed());
        m.put("withheld", n.withheld());
        m.put("withheld_reason", n.withheldReason());
        m.put("config_refused", n.configRefused());
        return m;
    }
}
