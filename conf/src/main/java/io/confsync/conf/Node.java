package io.confsync.conf;

/**
 * One node of the cluster.
 *
 * @param name      unique name; never null
 * @param address   host name or IP address its receiver is reached at; never null
 * @param port      SSH port: the standby's OpenSSH for {@code exec}, its {@code confsync serve} for
 *                  {@code embedded}
 * @param root      absolute path prefix under which this node's files live ({@code /} in production,
 *                  a directory per node when several nodes share one machine); never null
 * @param transport how the source reaches this node's receiver; never null
 * @param user      SSH login name; never null
 * @param command   for {@code exec}: the remote command speaking the protocol on stdio; never null
 */
public record Node(String name, String address, int port, String root, Transport transport, String user,
                   String command) {

    /** The default remote command of the exec transport. */
    public static final String DEFAULT_COMMAND = "confsync receive --stdio";

    /** How the source reaches a node's receiver. */
    public enum Transport {
        /** {@code ssh node confsync receive --stdio} through the node's own OpenSSH sshd. */
        EXEC,
        /** The confsync subsystem of {@code confsync serve} running on the node. */
        EMBEDDED
    }

    /** A node with the defaults of the exec transport: port 22, user root, the standard command. */
    public static Node of(String name, String address) {
        return new Node(name, address, 22, "/", Transport.EXEC, "root", DEFAULT_COMMAND);
    }
}
