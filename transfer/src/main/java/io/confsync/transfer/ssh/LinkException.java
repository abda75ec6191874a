package io.confsync.transfer.ssh;

import java.io.IOException;

/**
 * A link to another node that could not be opened or was lost, with what kind of failure it was:
 * callers decide from {@link #code()}, never from the message (a "Connection refused" is a node
 * that is down, not a refusal an operator must look at).
 */
public final class LinkException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The kinds of link failure. */
    public enum Code {
        /** No connection, or no SSH answer in time: the node or its sshd is down; retrying helps. */
        UNREACHABLE,
        /** The host key is unknown or changed: an operator must check it. */
        HOST_KEY,
        /** The node did not accept this node's key: an operator must install it. */
        AUTHENTICATION,
        /** The connection was up and broke, or the remote command could not start. */
        LOST;

        /** True if retrying cannot help: an operator must act. */
        public boolean needsOperator() {
            return this == HOST_KEY || this == AUTHENTICATION;
        }
    }

    private final Code code;

    /**
     * @param code    the kind of failure
     * @param message one line, naming the node and what to do
     * @param cause   the underlying failure, or null
     */
    public LinkException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /**
     * The line for a connection that could not be made, the same from both SSH clients:
     * {@code connect to 10.0.0.12:22: connection refused}.
     */
    static String connectFailed(String host, int port, String reason) {
        boolean word = reason.length() > 1 && Character.isUpperCase(reason.charAt(0))
                && !Character.isUpperCase(reason.charAt(1)); // "Connection refused", not "EHOSTUNREACH"
        return "connect to " + host + ":" + port + ": "
                + (word ? Character.toLowerCase(reason.charAt(0)) + reason.substring(1) : reason);
    }

    /** The kind of failure. */
    public Code code() {
        return code;
    }
}
