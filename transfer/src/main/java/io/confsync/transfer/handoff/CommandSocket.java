package io.confsync.transfer.handoff;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's end of a command handoff: a Unix socket (mode 0600, {@link #FILE_NAME} in the
 * state directory) on which the running service runs one-shot commands ({@code audit},
 * {@code status --live}) for a client of its own user that read the same configuration file, in
 * its warm JVM, and sends back what they print and their exit code ({@link CommandOutput}). A
 * client that goes away (Ctrl-C) interrupts its command, as the signal would have stopped the
 * command in a process of its own ({@link HangUp}).
 */
public final class CommandSocket implements Closeable {

    /** The socket's name in the state directory. */
    public static final String FILE_NAME = "command.sock";

    private static final Logger LOG = LoggerFactory.getLogger(CommandSocket.class);

    /** Runs a handed-off command, printing to {@code out} and {@code err}; returns its exit code. */
    @FunctionalInterface
    public interface Commands {
        int run(CommandRequest request, PrintWriter out, PrintWriter err);
    }

    private final Commands commands;
    private volatile String fingerprint;
    private Listener listener;

    private CommandSocket(String fingerprint, Commands commands) {
        this.fingerprint = fingerprint;
        this.commands = commands;
    }

    /**
     * Listens on {@code file}, replacing a socket file that nobody serves any more.
     *
     * @param fingerprint identifies the configuration this service runs with
     * @throws IOException if another process serves that socket, or it cannot be created
     */
    public static CommandSocket open(Path file, String fingerprint, Commands commands) throws IOException {
        CommandSocket s = new CommandSocket(fingerprint, commands);
        s.listener = Listener.open(file, "command", s::command);
        return s;
    }

    /** Takes commands of clients that read another configuration from now on (a reload). */
    public void reconfigure(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    private void command(SocketChannel ch) throws IOException {
        if (!Greeting.receive(ch).equals(Greeting.offer(CommandRequest.MAGIC, fingerprint))) {
            Greeting.send(ch, "this service runs with another configuration; reload it to take the new one");
            return;
        }
        Greeting.send(ch, Greeting.ACCEPTED);
        CommandRequest request = CommandRequest.read(new DataInputStream(Channels.newInputStream(ch)));
        LOG.debug("handed-off command: {}", String.join(" ", request.args()));
        DataOutputStream frames = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
        PrintWriter out = writer(frames, CommandOutput.OUT);
        PrintWriter err = writer(frames, CommandOutput.ERR);
        int code;
        boolean gone;
        try (HangUp hangUp = HangUp.watch(ch)) {
            code = commands.run(request, out, err);
            gone = hangUp.gone();
        }
        Thread.interrupted(); // a hang-up at the very end: nothing is left to break off
        if (gone) {
            LOG.debug("the client of '{}' went away: the command was broken off", String.join(" ", request.args()));
            return;
        }
        out.flush();
        err.flush();
        synchronized (frames) {
            CommandOutput.exit(frames, code);
        }
    }

    private static PrintWriter writer(DataOutputStream frames, int kind) {
        OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (frames) {
                    CommandOutput.data(frames, kind, b, off, len);
                }
            }

            @Override
            public void flush() throws IOException {
                synchronized (frames) {
                    frames.flush();
                }
            }
        };
        return new PrintWriter(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** Stops listening and removes the socket file; commands already taken are broken off. */
    @Override
    public void close() throws IOException {
        listener.close();
    }
}
