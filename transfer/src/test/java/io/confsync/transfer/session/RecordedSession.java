package io.confsync.transfer.session;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What a sender wrote in one session, byte for byte, and where its frames begin: for replaying
 * the session, cut or mutated, against a fresh receiver.
 */
final class RecordedSession {

    private final byte[] bytes;
    private final List<Integer> frameStarts;

    private RecordedSession(byte[] bytes) {
        this.bytes = bytes;
        this.frameStarts = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.remaining() >= 5) {
            frameStarts.add(b.position());
            int len = b.getInt();
            b.position(b.position() + 1 + len);
        }
    }

    /** Records the sender's side of one push of {@code nodes}' source tree to a receiver of its standby. */
    static RecordedSession of(TwoNodes nodes) throws IOException {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        PipeLink pipe = new PipeLink(nodes.receiver());
        Link tee = new Link() {
            @Override
            public InputStream in() {
                return pipe.in();
            }

            @Override
            public OutputStream out() {
                return new FilterOutputStream(pipe.out()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        sent.write(b, off, len);
                        out.write(b, off, len);
                    }

                    @Override
                    public void write(int b) throws IOException {
                        sent.write(b);
                        out.write(b);
                    }
                };
            }

            @Override
            public String describe() {
                return "recording";
            }

            @Override
            public void close() throws IOException {
                pipe.close();
            }
        };
        NodeReport r = nodes.push(tee, false);
        if (r.error() != null) {
            throw new IOException("the recorded push failed: " + r.error());
        }
        pipe.served.join();
        return new RecordedSession(sent.toByteArray());
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** Offsets at which a frame begins (the first is 0). */
    List<Integer> frameStarts() {
        return frameStarts;
    }

    /** The type byte of the frame that starts at {@code offset}. */
    int typeAt(int offset) {
        return bytes[offset + 4] & 0xff;
    }
}
