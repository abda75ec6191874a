package io.confsync.cluster;

/**
 * A refusal for safety by the source rule: this node is not the source, or a promote would be
 * unsafe. The command line maps it to exit code 3; the message names the reason and any override.
 */
public final class ClusterRefusal extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message one line, naming why and, where there is one, the override */
    public ClusterRefusal(String message) {
        super(message);
    }
}
