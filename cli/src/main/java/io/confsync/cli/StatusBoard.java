package io.confsync.cli;

import io.confsync.manifest.Durable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live service's view of every node, kept in {@code <state-dir>/status.json} and replaced
 * atomically on every change, so {@code confsync status} never reads half a file. Not fsynced: it
 * is rewritten twice per batch and is only advisory. Thread-safe.
 */
final class StatusBoard {

    private static final Logger LOG = LoggerFactory.getLogger(StatusBoard.class);

    private final Path file;
    private final String cluster;
    private final String source;
    private final Clock clock;
    private final Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    private long epoch;

    StatusBoard(Path file, String cluster, String source, List<NodeStatus> initial, Clock clock) {
        this.file = file;
        this.cluster = cluster;
        this.source = source;
        this.clock = clock;
        initial.forEach(n -> nodes.put(n.node(), n));
    }

    /** Sets the epoch this node is the source of, and writes the file. */
    synchronized void epoch(long newEpoch) {
        this.epoch = newEpoch;
        write();
    }

    /** Applies a change to one node's line and writes the file. */
    synchronized void update(String node, UnaryOperator<NodeStatus> change) {
        nodes.computeIfPresent(node, (k, v) -> change.apply(v));
        write();
    }

    synchronized NodeStatus get(String node) {
        return nodes.get(node);
    }

    private void write() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("cluster", cluster);
        doc.put("source", source);
        doc.put("epoch", epoch);
        doc.put("updated", clock.instant().toString());
        doc.put("nodes", new ArrayList<>(nodes.values()));
        try {
            Durable.replace(file, Json.write(doc).getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.toString());
        }
    }
}
