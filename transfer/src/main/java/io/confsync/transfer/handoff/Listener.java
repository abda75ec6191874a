package io.confsync.transfer.handoff;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jdk.net.ExtendedSocketOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Unix socket (mode 0600) in the state directory on which the running service accepts
 * connections from processes of its own user, each served on a thread of its own: the part that
 * {@link ServiceSocket} (sessions) and {@link CommandSocket} (one-shot commands) share.
 */
final class Listener implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);

    /** Serves one accepted connection of this process's user; the channel is closed after it. */
    @FunctionalInterface
    interface Connection {
        void serve(SocketChannel ch) throws IOException;
    }

    private final Path file;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();

    private Listener(Path file, ServerSocketChannel server) {
        this.file = file;
        this.server = server;
    }

    /**
     * Listens on {@code file}, replacing a socket file that nobody serves any more.
     *
     * @param what names the threads and the log lines (handoff, command)
     * @throws IOException if another process serves that socket, or it cannot be created
     */
    static Listener open(Path file, String what, Connection connection) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (Relay.answers(file)) {
                throw new IOException(file + " is served by another confsync process");
            }
            Files.delete(file); // left by a service that died
        }
        Files.createDirectories(file.getParent());
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(file));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        Listener l = new Listener(file, server);
        Thread acceptor = new Thread(() -> l.accept(what, connection), "confsync-" + what);
        acceptor.setDaemon(true);
        acceptor.start();
        return l;
    }

    private void accept(String what, Connection connection) {
        int n = 0;
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Stop listening altogether: a socket that accepts connections nobody answers would make
                // every client wait for its timeout. Clients then find no service and work themselves.
                LOG.warn("{} socket {} closed: {}; its clients work in their own processes", what, file,
                        e.getMessage());
                try {
                    stopListening(); // connections already served go on
                } catch (IOException closing) {
                    LOG.warn("removing {}: {}", file, closing.getMessage());
                }
                return;
            }
            open.add(ch);
            // A group of its own: the threads a command starts fall into it, so its log lines can be
            // told from the service's own (the command handoff forwards them to its client).
            String name = "confsync-" + what + "-" + ++n;
            Thread t = new Thread(new ThreadGroup(name), () -> serve(ch, what, connection), name);
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel ch, String what, Connection connection) {
        try (ch) {
            String peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED).user().getName();
            String self = System.getProperty("user.name");
            if (!peer.equals(self)) {
                LOG.warn("{} refused: the client runs as {}, this service as {}", what, peer, self);
                Greeting.send(ch, "this service runs as " + self);
                return;
            }
            connection.serve(ch);
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} ended: {}", what, io.confsync.manifest.Reason.of(e));
        } finally {
            open.remove(ch);
        }
    }

    /** Stops listening, removes the socket file and breaks the connections still open. */
    @Override
    public void close() throws IOException {
        try {
            stopListening();
        } finally {
            for (SocketChannel ch : open) {
                ch.close();
            }
        }
    }

    private void stopListening() throws IOException {
        try {
            server.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
