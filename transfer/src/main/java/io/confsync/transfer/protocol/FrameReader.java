package io.confsync.transfer.protocol;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads frames, refusing any length beyond the limits before allocating. Not thread-safe. */
public final class FrameReader {

    private final DataInputStream in;
    private final ProtocolLimits limits;
    private long bytes;
    /** The protocol version agreed with the peer; the newest until then (the hellos read alike in all). */
    private int version = Message.ATTRIBUTES_VERSION;

    /**
     * @param in     the stream from the peer
     * @param limits hard limits
     */
    public FrameReader(InputStream in, ProtocolLimits limits) {
        this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
        this.limits = limits;
    }

    /**
     * Reads the next message.
     *
     * @throws ProtocolException on a malformed frame, a violated limit, or a connection closed mid-frame
     *                           or before any frame
     * @throws IOException       from the stream
     */
    public Message read() throws IOException {
        int length;
        int type;
        try {
            length = in.readInt();
            if (length < 0 || length > limits.maxFrame()) {
                throw new ProtocolException("frame length " + length + " outside 0.." + limits.maxFrame());
            }
            type = in.readUnsignedByte();
            byte[] payload = new byte[length];
            in.readFully(payload);
            bytes += 5L + length;
            return MessageCodec.decode(type, payload, limits, version);
        } catch (EOFException e) {
            throw new ProtocolException("connection closed by the peer");
        }
    }

    /**
     * Reads the next message and checks its type.
     *
     * @throws ProtocolException if it is another type; an {@link Message.Error} is reported as such
     * @throws RefusedException  if it is a {@link Message.Refused}
     */
    public <T extends Message> T expect(Class<T> type) throws IOException {
        return type.cast(expectOneOf(type, type));
    }

    /**
     * Reads the next message and checks that it is of one of two types.
     *
     * @throws ProtocolException if it is another type; an {@link Message.Error} is reported as such
     * @throws RefusedException  if it is a {@link Message.Refused}
     */
    public Message expectOneOf(Class<? extends Message> type, Class<? extends Message> other) throws IOException {
        Message m = read();
        if (type.isInstance(m) || other.isInstance(m)) {
            return m;
        }
        if (m instanceof Message.Error e) {
            throw new ProtocolException("peer error " + e.code() + ": " + e.message());
        }
        if (m instanceof Message.Refused r) {
            throw new RefusedException(r);
        }
        throw new ProtocolException("expected " + type.getSimpleName() + (other == type ? "" : " or "
                + other.getSimpleName()) + ", got " + m.getClass().getSimpleName());
    }

    /** Speaks {@code version} from now on: what the peer and this node agreed on. */
    public void speak(int version) {
        this.version = version;
    }

    /** Bytes read so far, frame headers included. */
    public long bytes() {
        return bytes;
    }
}
