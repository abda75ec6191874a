package io.confsync.transfer.handoff;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The client's end of a command handoff: offers a one-shot command to the service listening on
 * {@link CommandSocket#FILE_NAME}, then copies what it prints to this process's output and error.
 */
public final class CommandClient {

    private CommandClient() {
    }

    /** How an offer ended. */
    public sealed interface Outcome {
        /** The service ran the command, which exited with {@code code}. */
        record Ran(int code) implements Outcome {
        }

        /** No service took the command ({@code why} is null when none listens): run it in this process. */
        record NotTaken(String why) implements Outcome {
        }
    }

    /**
     * Offers {@code request} to the service on {@code socket}, which must run with the configuration
     * of {@code fingerprint}.
     *
     * @throws IOException if the connection broke once the service had taken the command
     */
    public static Outcome offer(Path socket, String fingerprint, CommandRequest request, OutputStream out,
                                OutputStream err) throws IOException {
        Relay.Connected c = Relay.connect(socket, Greeting.offer(CommandRequest.MAGIC, fingerprint),
                Relay.GREETING_TIMEOUT);
        if (c.channel() == null) {
            return new Outcome.NotTaken(c.outcome() instanceof Relay.Outcome.Declined d ? d.why() : null);
        }
        try (SocketChannel ch = c.channel()) {
            request.write(new DataOutputStream(Channels.newOutputStream(ch)));
            return new Outcome.Ran(CommandOutput.copy(new DataInputStream(new BufferedInputStream(
                    Channels.newInputStream(ch))), out, err));
        }
    }
}
