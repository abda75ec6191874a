package io.confsync.transfer.delta;

import java.io.IOException;

/** A delta that cannot be applied to its basis. */
public final class DeltaException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public DeltaException(String message) {
        super(message);
    }
}
