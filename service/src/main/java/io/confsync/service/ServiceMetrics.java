package io.confsync.service;

import io.confsync.conf.MetricsConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live service's Prometheus metrics, served on {@code metrics.listen} in the text format
 * (README, "Metrics", lists them). Counters live as long as the {@code run} process (they survive
 * reloads); the per-standby gauges are read from the current {@link StatusBoard} when scraped, so
 * they say what {@code status} says. Thread-safe.
 */
public final class ServiceMetrics implements AutoCloseable {

    /** The states a standby can be in, one gauge series each (1 for the current one). */
    private static final List<String> STATES = List.of("connecting", "listing", "initial sync", "catching up",
            "syncing", "ready", "down", "refused");
    /** A hook's one-line result ends its timing with this (HookResult.summary). */
    private static final Pattern HOOK_MILLIS = Pattern.compile("(?:in|after) (\\d+) ms");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter batches = Counter.builder().name("confsync_batches_total")
            .help("Batches pushed to a standby, by result (committed or aborted)").labelNames("node", "result")
            .register(registry);
    private final Counter files = Counter.builder().name("confsync_files_sent_total")
            .help("Files created or replaced on a standby").labelNames("node").register(registry);
    private final Counter contentBytes = Counter.builder().name("confsync_content_bytes_total")
            .help("Bytes of the files a standby was brought (their full size)").labelNames("node").register(registry);
    private final Counter wireBytes = Counter.builder().name("confsync_wire_bytes_total")
            .help("Protocol bytes exchanged with a standby (both ways, before SSH)").labelNames("node")
            .register(registry);
    private final Counter writtenBytes = Counter.builder().name("confsync_written_bytes_total")
            .help("Content bytes a standby wrote").labelNames("node").register(registry);
    private final Counter deltaSaved = Counter.builder().name("confsync_delta_saved_bytes_total")
            .help("Content bytes not sent thanks to deltas and compression (content minus wire, per batch)")
            .labelNames("node").register(registry);
    private final Counter driftDetected = Counter.builder().name("confsync_drift_detected_total")
            .help("Paths found changed on a standby").labelNames("node").register(registry);
    private final Counter driftReverted = Counter.builder().name("confsync_drift_reverted_total")
            .help("Paths changed on a standby that the source put back").labelNames("node").register(registry);
    private final Counter hookRuns = Counter.builder().name("confsync_hook_runs_total")
            .help("On-change hooks run on a node").labelNames("node").register(registry);
    private final Counter hookFailures = Counter.builder().name("confsync_hook_failures_total")
            .help("On-change hooks that failed (exit status other than 0, or timed out)").labelNames("node")
            .register(registry);
    private final Histogram hookSeconds = Histogram.builder().name("confsync_hook_duration_seconds")
            .help("How long on-change hooks ran").labelNames("node").classicOnly()
            .classicUpperBounds(0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60).register(registry);
    private final Histogram propagation = Histogram.builder().name("confsync_propagation_seconds")
            .help("From a change seen on the source to its batch committed on a standby").labelNames("node")
            .classicOnly().classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300).register(registry);
    private final Counter overflows = Counter.builder().name("confsync_watcher_overflows_total")
            .help("Times the watcher lost events (inotify queue overflow) and the sync set was scanned again")
            .register(registry);
    private final Counter fullRescans = Counter.builder().name("confsync_full_rescans_total")
            .help("Full scans of the sync set: at start, periodic reconciles, after lost events").register(registry);
    private final Counter reloads = Counter.builder().name("confsync_reloads_total")
            .help("Configuration reloads (SIGHUP), by result (ok, failed, unchanged)").labelNames("result")
            .register(registry);
    private volatile StatusBoard board;
    private HTTPServer server;

    public ServiceMetrics() {
        List.of("ok", "failed", "unchanged").forEach(reloads::labelValues);
        GaugeWithCallback.builder().name("confsync_standby_state")
                .help("1 for the state a standby is in (see confsync status), 0 for the others")
                .labelNames("node", "state").callback(cb -> lines().forEach(n -> {
                    if ("standby".equals(n.get("role"))) {
                        STATES.forEach(s -> cb.call(s.equals(n.get("state")) ? 1 : 0, (String) n.get("node"), s));
                    }
                })).register(registry);
        standbyGauge("confsync_standby_lag_paths", "Paths changed on the source and not yet committed on a standby",
                "pending_paths");
        standbyGauge("confsync_standby_lag_seq", "Change sets of the source a standby lacks", "seq_lag");
        standbyGauge("confsync_standby_lag_seconds", "How long the oldest change a standby lacks has waited",
                "lag_seconds");
        GaugeWithCallback.builder().name("confsync_last_batch_timestamp_seconds")
                .help("When the last batch committed on a standby (Unix time)").labelNames("node")
                .callback(cb -> lines().forEach(n -> {
                    if (n.get("last_batch") instanceof String t) {
                        cb.call(Instant.parse(t).toEpochMilli() / 1000.0, (String) n.get("node"));
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("confsync_epoch").help("The epoch this node is the source of")
                .callback(cb -> {
                    StatusBoard b = board;
                    if (b != null) {
                        cb.call(b.epoch());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("confsync_seq").help("The change set the source's files are at")
                .callback(cb -> {
                    StatusBoard b = board;
                    if (b != null) {
                        cb.call(b.seq());
                    }
                }).register(registry);
    }

    private void standbyGauge(String name, String help, String key) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("node").callback(cb -> lines().forEach(n -> {
            if ("standby".equals(n.get("role")) && n.get(key) instanceof Number v) {
                cb.call(v.doubleValue(), (String) n.get("node"));
            }
        })).register(registry);
    }

    private List<Map<String, Object>> lines() {
        StatusBoard b = board;
        return b == null ? List.of() : b.lines();
    }

    /** Serves the metrics on {@code where}; nothing when null. */
    public synchronized void serve(MetricsConfig where) throws IOException {
        close();
        if (where != null) {
            server = HTTPServer.builder().hostname(where.host()).port(where.port()).registry(registry).buildAndStart();
        }
    }

    /** The port served on, or -1. */
    public synchronized int port() {
        return server == null ? -1 : server.getPort();
    }

    /**
     * The status board whose lines the gauges show (the source's current service), or null. Every
     * node's series start at 0, so that a rate or an alert on them works before the first event.
     */
    void board(StatusBoard current) {
        this.board = current;
        for (Map<String, Object> n : lines()) {
            String node = (String) n.get("node");
            hookRuns.labelValues(node);
            hookFailures.labelValues(node);
            if ("standby".equals(n.get("role"))) {
                batches.labelValues(node, "committed");
                batches.labelValues(node, "aborted");
                for (Counter c : List.of(files, contentBytes, wireBytes, writtenBytes, deltaSaved, driftDetected,
                        driftReverted)) {
                    c.labelValues(node);
                }
            }
        }
    }

    /** A push to {@code node}: committed or not, what it carried, and how long its oldest change waited. */
    void batch(String node, boolean committed, int batchCount, int filesSent, long content, long wire, long written,
               double waitedSeconds) {
        batches.labelValues(node, committed ? "committed" : "aborted").inc(Math.max(1, batchCount));
        if (!committed) {
            return;
        }
        files.labelValues(node).inc(filesSent);
        contentBytes.labelValues(node).inc(content);
        wireBytes.labelValues(node).inc(wire);
        writtenBytes.labelValues(node).inc(written);
        deltaSaved.labelValues(node).inc(Math.max(0, content - wire));
        propagation.labelValues(node).observe(waitedSeconds);
    }

    /** Hooks a node ran, by their one-line results. */
    void hooks(String node, List<String> results) {
        for (String r : results) {
            hookRuns.labelValues(node).inc();
            if (r.contains(" FAILED")) {
                hookFailures.labelValues(node).inc();
            }
            Matcher m = HOOK_MILLIS.matcher(r);
            if (m.find()) {
                hookSeconds.labelValues(node).observe(Long.parseLong(m.group(1)) / 1000.0);
            }
        }
    }

    void drift(String node, int detected, int reverted) {
        driftDetected.labelValues(node).inc(detected);
        driftReverted.labelValues(node).inc(reverted);
    }

    /** A full scan of the sync set; {@code lost}: because the watcher lost events. */
    void fullRescan(boolean lost) {
        fullRescans.inc();
        if (lost) {
            overflows.inc();
        }
    }

    /** A reload's result: ok, failed or unchanged. */
    void reload(String result) {
        reloads.labelValues(result).inc();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
