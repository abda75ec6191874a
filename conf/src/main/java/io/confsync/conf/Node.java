package io.confsync.conf;

/**
 * One node of the cluster.
 *
 * @param name    unique name; never null
 * @param address host name or IP address its standby transport listens on; never null
 * @param port    SSH port
 * @param root    absolute path prefix under which this node's files live ({@code /} in production,
 *                a directory per node when several nodes share one machine); never null
 */
public record Node(String name, String address, int port, String root) {
}
