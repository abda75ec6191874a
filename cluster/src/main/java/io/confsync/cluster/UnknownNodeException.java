package io.confsync.cluster;

/** A node named by the command line or the cluster state that the node list does not hold. */
public final class UnknownNodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line naming the node and the file */
    public UnknownNodeException(String message) {
        super(message);
    }
}
