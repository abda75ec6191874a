package io.confsync.transfer.protocol;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes messages as frames {@code [u32 length][u8 type][payload]} and counts the bytes written.
 * Buffered: call {@link #flush()} when the peer must see what was written. Not thread-safe.
 */
public final class FrameWriter {

    private final DataOutputStream out;
    private final ProtocolLimits limits;
    private long bytes;
    /** The protocol version agreed with the peer; the newest until then (the hellos read alike in all). */
    private int version = Message.ATTRIBUTES_VERSION;

    /**
     * @param out    the stream to the peer
     * @param limits the frame size limit is enforced on writes too, so a bug cannot send what the
     *               peer must refuse
     */
    public FrameWriter(OutputStream out, ProtocolLimits limits) {
        this.out = new DataOutputStream(new BufferedOutputStream(out, 64 * 1024));
        this.limits = limits;
    }

    /**
     * Writes one message.
     *
     * @throws IOException from the stream
     * @throws IllegalArgumentException if the payload exceeds the frame limit
     */
    public void write(Message m) throws IOException {
        byte[] payload = MessageCodec.encode(m, version);
        if (payload.length > limits.maxFrame()) {
            throw new IllegalArgumentException("frame of " + payload.length + " bytes exceeds " + limits.maxFrame());
        }
        out.writeInt(payload.length);
        out.writeByte(MessageCodec.type(m));
        out.write(payload);
        bytes += 5L + payload.length;
    }

    /** Writes and flushes. */
    public void send(Message m) throws IOException {
        write(m);
        flush();
    }

    /** Pushes buffered frames to the peer. */
    public void flush() throws IOException {
        out.flush();
    }

    /** Speaks {@code version} from now on: what the peer and this node agreed on. */
    public void speak(int version) {
        this.version = version;
    }

    /** Bytes written so far, frame headers included. */
    public long bytes() {
        return bytes;
    }
}
