package io.confsync.conf;

/**
 * A node name given from outside the file: {@code --node} on the command line or the
 * {@code CONFSYNC_NODE} environment variable. It wins over the file's {@code node:} key and over
 * what the host's names and addresses would find.
 *
 * @param name  the node's name; never null
 * @param given where it was given ({@code --node}, {@code CONFSYNC_NODE}), for messages; never null
 */
public record NodeChoice(String name, String given) {
}
