package io.confsync.transfer.session;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A bidirectional byte stream to a receiver: an SSH channel, or a pipe in tests. */
public interface Link extends Closeable {

    /** Bytes from the receiver. */
    InputStream in();

    /** Bytes to the receiver. */
    OutputStream out();

    /** Where the link goes, for messages. */
    String describe();

    /** Closes the link; never throws for an already closed one. */
    @Override
    void close() throws IOException;
}
