package io.confsync.transfer.protocol;

import java.io.IOException;

/**
 * The receiver refused a push by the source rule (stale source or split brain). Not a protocol
 * fault: the refusal says which epoch and source the receiver holds, so the sender can step down.
 */
public final class RefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Message.Refused refusal;

    /** @param refusal what the receiver said */
    public RefusedException(Message.Refused refusal) {
        super(refusal.message());
        this.refusal = refusal;
    }

    /** What the receiver said. */
    public Message.Refused refusal() {
        return refusal;
    }

    /** True if the receiver is at a newer epoch: the sender is no longer the source. */
    public boolean stale() {
        return "STALE_SOURCE".equals(refusal.code());
    }
}
