package io.confsync.conf;

/** The cluster state file is damaged, of another cluster, or cannot be read or written. */
public final class StateException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message one line: the file, what is wrong, what to do */
    public StateException(String message) {
        super(message);
    }
}
