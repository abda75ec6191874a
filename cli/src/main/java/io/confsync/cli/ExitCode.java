package io.confsync.cli;

import io.confsync.conf.ConfigException;
import io.confsync.transfer.apply.ApplyException;
import picocli.CommandLine;

/**
 * Every exit code confsync uses, and the mapping from failures to them. README.md lists them.
 */
public final class ExitCode {

    /** Success; for {@code audit}, every node in sync. */
    public static final int OK = 0;
    /** {@code audit}: drift found. */
    public static final int DRIFT = 1;
    /** A runtime failure: I/O, an unreachable node, an aborted batch. */
    public static final int ERROR = 2;
    /** A safety refusal that {@code --force} can override (mass delete, not the source). */
    public static final int REFUSED = 3;
    /** Bad command line usage. */
    public static final int USAGE = 64;
    /** A bad configuration file. */
    public static final int CONFIG = 78;

    private ExitCode() {
    }

    /** {@code audit}'s exit code for its verdict: 0 in sync, 1 drift, 2 unreachable. */
    public static int of(io.confsync.cluster.Audit.Verdict v) {
        return switch (v) {
            case IN_SYNC -> OK;
            case DRIFT -> DRIFT;
            case UNREACHABLE -> ERROR;
        };
    }

    /** The exit code for a failure. */
    public static int of(Throwable e) {
        if (e instanceof ConfigException) {
            return CONFIG;
        }
        if (e instanceof CommandLine.ParameterException || e instanceof UsageException
                || e instanceof io.confsync.cluster.UnknownNodeException) {
            return USAGE;
        }
        if (e instanceof io.confsync.cluster.ClusterRefusal) {
            return REFUSED;
        }
        if (e instanceof ApplyException a && a.code() == ApplyException.Code.MASS_DELETE) {
            return REFUSED;
        }
        return ERROR;
    }

    /** A command line that parses but makes no sense. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** @param message one line, saying what to do */
        public UsageException(String message) {
            super(message);
        }
    }
}
