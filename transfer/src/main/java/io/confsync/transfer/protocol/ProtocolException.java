package io.confsync.transfer.protocol;

import java.io.IOException;

/** A peer that broke the protocol: malformed frame, limit exceeded, unexpected message, bad version. */
public final class ProtocolException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param message one line */
    public ProtocolException(String message) {
        super(message);
    }
}
