package io.confsync.transfer.apply;

import java.io.IOException;
import java.util.List;

/**
 * A batch that was aborted: nothing was renamed into place and no temporary file is left.
 */
public final class ApplyException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a batch was refused or aborted. */
    public enum Code {
        /** A path outside the node's roots, or through a symlink. */
        CONFINEMENT,
        /** The mass-delete guard refused the plan. */
        MASS_DELETE,
        /** A file exceeds a configured limit. */
        LIMIT,
        /** Staged content did not match its digest or size (the source changed, or corruption). */
        VERIFY,
        /** The target changed under the plan (a directory where a file was expected, ...). */
        CONFLICT,
        /** Reading or writing failed (disk full, permissions, ...). */
        IO
    }

    private final Code code;
    private final transient List<String> reasons;

    /**
     * @param code    the kind of failure
     * @param message one line
     * @param reasons per-file reasons; never null
     */
    public ApplyException(Code code, String message, List<String> reasons) {
        this(code, message, reasons, null);
    }

    /**
     * @param code    the kind of failure
     * @param message one line
     * @param reasons per-file reasons; never null
     * @param cause   the underlying failure, or null
     */
    public ApplyException(Code code, String message, List<String> reasons, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.reasons = List.copyOf(reasons);
    }

    /** The kind of failure. */
    public Code code() {
        return code;
    }

    /** Per-file reasons, {@code path: why}. */
    public List<String> reasons() {
        return reasons;
    }
}
