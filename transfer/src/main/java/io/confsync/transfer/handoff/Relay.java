package io.confsync.transfer.handoff;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;

/**
 * The relay's end of a handoff: connects to the service's socket and, once the service accepted,
 * copies standard input to it and its answers to standard output until the service ends the session.
 */
public final class Relay {

    private static final int BUFFER = 256 * 1024;
    /** How long the service may take to accept or decline. */
    static final Duration GREETING_TIMEOUT = Duration.ofSeconds(10);

    /** How an attempt ended. */
    public sealed interface Outcome {
        /** The service served the session; nothing is left to do. */
        record Relayed() implements Outcome {
        }

        /** No service listens (no socket, or a dead one's): receive in this process. */
        record NoService() implements Outcome {
        }

        /** A service listens but did not take the session, for the reason given; nothing was read from the input. */
        record Declined(String why) implements Outcome {
        }
    }

    private Relay() {
    }

    /** Whether a process accepts connections on {@code file}. */
    static boolean answers(Path file) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(file))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Hands the session on {@code in} and {@code out} to the service on {@code file}, if one runs there
     * with this user and this configuration.
     *
     * @param fingerprint identifies the configuration this process read
     * @throws IOException if the session broke after the service took it (its batch then rolls back);
     *                     the input is partly read, so the session cannot be served here any more
     */
    public static Outcome attempt(Path file, String fingerprint, ReadableByteChannel in, WritableByteChannel out)
            throws IOException {
        return attempt(file, fingerprint, in, out, GREETING_TIMEOUT);
    }

    /** As {@link #attempt(Path, String, ReadableByteChannel, WritableByteChannel)}, with the greeting's timeout. */
    static Outcome attempt(Path file, String fingerprint, ReadableByteChannel in, WritableByteChannel out,
            Duration greetingTimeout) throws IOException {
        Connected c = connect(file, Greeting.offer(fingerprint), greetingTimeout);
        if (c.channel() == null) {
            return c.outcome();
        }
        try (SocketChannel ch = c.channel()) {
            pump(ch, in, out);
            return new Outcome.Relayed();
        }
    }

    /**
     * A connection the service accepted ({@code channel} set, the caller closes it), or why there
     * is none ({@code outcome}: no service, or declined).
     */
    record Connected(SocketChannel channel, Outcome outcome) {
    }

    /**
     * Connects to the service on {@code file} if one runs there with this user, and offers the
     * greeting line {@code offer}.
     */
    static Connected connect(Path file, String offer, Duration greetingTimeout) {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return new Connected(null, new Outcome.NoService());
        }
        SocketChannel ch;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(file));
        } catch (IOException e) {
            return new Connected(null, new Outcome.NoService());
        }
        Outcome.Declined declined;
        try {
            String user = ch.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
            String self = System.getProperty("user.name");
            // Never hand the files of this node's sync set to a socket another user planted.
            declined = !user.equals(self) ? new Outcome.Declined(file + " is served by user " + user + ", not " + self)
                    : greet(ch, offer, greetingTimeout);
        } catch (IOException e) {
            declined = new Outcome.Declined("the service closed the connection");
        }
        if (declined != null) {
            closeQuietly(ch);
            return new Connected(null, declined);
        }
        return new Connected(ch, null);
    }

    /**
     * Offers the session; null if the service accepted it, else why not. Nothing of the session is
     * read before. A service that accepted the connection but does not answer (stuck, or its acceptor
     * gone) must not hold the session: after the timeout the channel is closed and it is declined.
     */
    private static Outcome.Declined greet(SocketChannel ch, String offer, Duration timeout) {
        AtomicBoolean settled = new AtomicBoolean();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            if (settled.compareAndSet(false, true)) {
                closeQuietly(ch);
            }
        }, "confsync-relay-greeting");
        watchdog.setDaemon(true);
        watchdog.start();
        String answer;
        try {
            Greeting.send(ch, offer);
            answer = Greeting.receive(ch);
        } catch (IOException e) {
            answer = null;
        }
        watchdog.interrupt();
        if (!settled.compareAndSet(false, true)) {
            return new Outcome.Declined("the service did not answer within " + timeout.toSeconds() + " s");
        }
        if (answer == null) {
            return new Outcome.Declined("the service closed the connection");
        }
        return answer.equals(Greeting.ACCEPTED) ? null : new Outcome.Declined(answer);
    }

    /** Copies both ways; returns when the service has closed its side and all of it was written out. */
    private static void pump(SocketChannel ch, ReadableByteChannel in, WritableByteChannel out) throws IOException {
        Thread upstream = new Thread(() -> {
            try {
                copy(in, ch);
                ch.shutdownOutput(); // the sender is done: the service sees the end of its input
            } catch (IOException e) {
                closeQuietly(ch); // the service sees a broken session and rolls back
            }
        }, "confsync-relay");
        upstream.setDaemon(true); // may stay blocked on the input after the session ended
        upstream.start();
        copy(ch, out);
    }

    private static void copy(ReadableByteChannel from, WritableByteChannel to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        while (from.read(buf) >= 0) {
            buf.flip();
            while (buf.hasRemaining()) {
                to.write(buf);
            }
            buf.clear();
        }
    }

    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // already broken
        }
    }
}
