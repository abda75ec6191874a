package io.confsync.conf;

import java.util.List;
import java.util.Optional;

/**
 * The ordered node list and which node this one is. At bootstrap the first node is the source,
 * unless the source is managed by an HA manager: then no node is until a promote.
 *
 * @param name    cluster name; never null
 * @param nodes   ordered, non-empty
 * @param self    this node's name, present in {@code nodes}
 * @param managed {@code source: managed}: no bootstrap source
 */
public record Cluster(String name, List<Node> nodes, String self, boolean managed) {

    /** Copies the list. */
    public Cluster {
        nodes = List.copyOf(nodes);
    }

    /** A node by name. */
    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** This node. */
    public Node selfNode() {
        return node(self).orElseThrow();
    }

    /** The bootstrap source: the first node of the list. */
    public Node bootstrapSource() {
        return nodes.get(0);
    }

    /** True if this node is the bootstrap source (never when the source is managed). */
    public boolean selfIsBootstrapSource() {
        return !managed && bootstrapSource().name().equals(self);
    }

    /** Every node but the bootstrap source. */
    public List<Node> standbys() {
        return nodes.subList(1, nodes.size());
    }
}
