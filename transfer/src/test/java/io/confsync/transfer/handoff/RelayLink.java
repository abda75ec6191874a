package io.confsync.transfer.handoff;

import io.confsync.transfer.session.Link;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A link to a standby through a {@link Relay}, as sshd would start it: the sender's bytes are the
 * relay's standard input, the relay's standard output comes back.
 */
final class RelayLink implements Link {

    private final PipedOutputStream toRelay = new PipedOutputStream();
    private final PipedInputStream fromRelay = new PipedInputStream(1 << 20);
    /** How the relay's attempt ended; exceptional if the relayed session broke. */
    final CompletableFuture<Relay.Outcome> outcome = new CompletableFuture<>();

    RelayLink(Path socket, String fingerprint) {
        try {
            PipedInputStream relayIn = new PipedInputStream(toRelay, 1 << 20);
            PipedOutputStream relayOut = new PipedOutputStream(fromRelay);
            Thread t = new Thread(() -> {
                try (relayOut) {
                    // Flushed at every write: a piped stream's reader otherwise polls once a second.
                    OutputStream flushing = new FilterOutputStream(relayOut) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                            out.flush();
                        }
                    };
                    outcome.complete(Relay.attempt(socket, fingerprint, Channels.newChannel(relayIn),
                            Channels.newChannel(flushing)));
                } catch (IOException | RuntimeException e) {
                    outcome.completeExceptionally(e);
                }
            }, "test-relay");
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream in() {
        return fromRelay;
    }

    @Override
    public OutputStream out() {
        return toRelay;
    }

    @Override
    public String describe() {
        return "relay";
    }

    @Override
    public void close() throws IOException {
        toRelay.close();
    }
}
