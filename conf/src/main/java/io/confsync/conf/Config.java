package io.confsync.conf;

import java.util.List;

/**
 * A validated configuration.
 *
 * @param file        where it was read from, for messages; never null
 * @param cluster     the cluster's name; never null
 * @param node        this node's name, one of {@code nodes}; never null
 * @param nodes       the ordered node list, the first being the bootstrap source; 1 to 20 entries
 * @param sync        what is synchronized; at least one entry, none inside another
 * @param delete      whether entries missing on the source are deleted on standbys
 * @param backupsKeep how many batches of backups are kept under {@code state-dir/backups}
 * @param stateDir    absolute path of the state directory; never null
 * @param limits      never null
 * @param ssh         the source's SSH client settings; never null
 * @param serve       the embedded server's settings; never null
 * @param revertDrift {@code standby-changes: revert} (default) puts the source's version back over
 *                    local edits on standbys; {@code report} only reports them
 * @param fingerprint {@link ConfigLoader#fingerprint} of the text this was parsed from: the standby's
 *                    service takes a relayed session only if the relay read the same file
 * @param watch       how the live service batches file events; never null
 * @param alarmAfter  how long a standby may be down before the service raises an alarm
 * @param metrics     where {@code run} serves Prometheus metrics; null when off
 * @param managed     {@code source: managed}: no node is the source at bootstrap, only a promote
 *                    (the HA manager's) makes one; {@code first} (default): the first of the list
 * @param nodeLocal   the top-level {@code node-local} patterns, absolute ({@code /etc/hostname}): node-local
 *                    under whichever entry they lie in; never null
 * @param namesNode   the file has a {@code node:} key: it is this node's own, not one file for the cluster
 * @param fileStateDir the state directory as the file says (or the default), whatever the command line chose
 */
public record Config(String file, String cluster, String node, List<Node> nodes, List<SyncEntry> sync,
                     boolean delete, int backupsKeep, String stateDir, Limits limits, SshConfig ssh,
                     ServeConfig serve, boolean revertDrift, String fingerprint, WatchConfig watch,
                     java.time.Duration alarmAfter, MetricsConfig metrics, boolean managed,
                     List<String> nodeLocal, boolean namesNode, String fileStateDir) {

    /** At most this many nodes. */
    public static final int MAX_NODES = 20;

    /** Copies the lists. */
    public Config {
        nodes = List.copyOf(nodes);
        sync = List.copyOf(sync);
        nodeLocal = List.copyOf(nodeLocal);
    }

    /** The same configuration with another state directory (the command line's {@code --state-dir}). */
    public Config withStateDir(String dir) {
        return new Config(file, cluster, node, nodes, sync, delete, backupsKeep, dir, limits, ssh, serve, revertDrift,
                fingerprint, watch, alarmAfter, metrics, managed, nodeLocal, namesNode, fileStateDir);
    }

    /**
     * Where a key file of {@code ssh:} or {@code serve:} is: an absolute path as written, a relative
     * one inside this node's state directory (nodes that share a host, and one file, keep their own keys).
     */
    public java.nio.file.Path keyFile(String configured) {
        java.nio.file.Path p = java.nio.file.Paths.get(configured);
        return p.isAbsolute() ? p : java.nio.file.Paths.get(stateDir).resolve(p);
    }

    /** The cluster view of the node list. */
    public Cluster clusterView() {
        return new Cluster(cluster, nodes, node, managed);
    }
}
