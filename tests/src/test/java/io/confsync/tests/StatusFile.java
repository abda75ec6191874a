package io.confsync.tests;

import io.confsync.conf.JsonDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The source service's {@code status.json}, read as a monitoring script reads it: as JSON. */
final class StatusFile {

    private StatusFile() {
    }

    /** The file's text; empty when no service wrote it yet. */
    static String text(Cluster cluster) throws IOException {
        Path f = cluster.state("n1").resolve("status.json");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    /** The document; empty when no service wrote it yet. */
    static Map<?, ?> read(Cluster cluster) throws IOException {
        String text = text(cluster);
        return text.isEmpty() ? Map.of() : JsonDocument.read(text);
    }

    /** One node's line; empty when it has none. */
    static Map<?, ?> node(Cluster cluster, String node) throws IOException {
        Object nodes = read(cluster).get("nodes");
        if (nodes instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && node.equals(m.get("node"))) {
                    return m;
                }
            }
        }
        return Map.of();
    }

    /** One node's state; empty when it has none. */
    static String state(Cluster cluster, String node) throws IOException {
        Object s = node(cluster, node).get("state");
        return s == null ? "" : s.toString();
    }

    static boolean ready(Cluster cluster, String node) throws IOException {
        return state(cluster, node).equals("ready");
    }
}
