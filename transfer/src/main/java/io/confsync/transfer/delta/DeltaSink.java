package io.confsync.transfer.delta;

import java.io.IOException;

/** Receives the instructions of a delta in order. */
public interface DeltaSink {

    /**
     * Copy {@code count} consecutive basis blocks starting at {@code block}.
     *
     * @throws IOException from the consumer
     */
    void copy(int block, int count) throws IOException;

    /**
     * Literal bytes; the array may be reused after the call.
     *
     * @throws IOException from the consumer
     */
    void literal(byte[] data, int off, int len) throws IOException;
}
