package io.confsync.transfer.handoff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The one line each way that opens a handoff: the relay offers the fingerprint of the configuration
 * it read, the service answers {@code ok} or why not. Nothing of the session is read before the
 * answer, so a refused relay can still serve the session itself.
 */
final class Greeting {

    static final String MAGIC = "confsync-handoff/1";
    static final String ACCEPTED = "ok";
    static final int MAX_LINE = 512;

    private Greeting() {
    }

    /** What a relay of a session offers. */
    static String offer(String fingerprint) {
        return offer(MAGIC, fingerprint);
    }

    /** What a client of {@code kind} (a magic word with its version) offers. */
    static String offer(String kind, String fingerprint) {
        return kind + " " + fingerprint;
    }

    /** Writes one line. */
    static void send(WritableByteChannel ch, String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /**
     * Reads one line, a byte at a time so that nothing after it is consumed.
     *
     * @throws IOException at end of stream or past {@link #MAX_LINE} bytes
     */
    static String receive(ReadableByteChannel ch) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        byte[] line = new byte[MAX_LINE];
        for (int n = 0; n < MAX_LINE; n++) {
            one.clear();
            if (ch.read(one) < 0) {
                throw new IOException("handoff: the other end closed during the greeting");
            }
            if (one.get(0) == '\n') {
                return new String(line, 0, n, StandardCharsets.UTF_8);
            }
            line[n] = one.get(0);
        }
        throw new IOException("handoff: greeting longer than " + MAX_LINE + " bytes");
    }
}
