package io.confsync.transfer.handoff;

import io.confsync.transfer.session.Receiver;
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
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's end of a handoff: a Unix socket (mode 0600) on which the running service accepts
 * sessions relayed by {@code confsync receive --stdio} and serves each with its own, already warm
 * {@link Receiver} on a thread of its own. A connection is served only if it comes from this
 * process's user and offers the fingerprint of the configuration this service runs with.
 */
public final class ServiceSocket implements Closeable {

    /** The socket's name in the state directory. */
    public static final String FILE_NAME = "receiver.sock";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSocket.class);

    private final Path file;
    /** What new sessions are served with: replaced as a whole by a reload, never seen half-replaced. */
    private volatile Serving serving;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger served = new AtomicInteger();

    /** A configuration's fingerprint and the receiver built from it. */
    private record Serving(String fingerprint, Receiver receiver) {
    }

    private ServiceSocket(Path file, String fingerprint, Receiver receiver, ServerSocketChannel server) {
        this.file = file;
        this.serving = new Serving(fingerprint, receiver);
        this.server = server;
    }

    /**
     * Serves the sessions offered from now on with another configuration (a reload); sessions
     * already taken finish with the receiver they started with (whose file watcher stops now).
     */
    public void reconfigure(String fingerprint, Receiver receiver) throws IOException {
        Receiver before = serving.receiver();
        this.serving = new Serving(fingerprint, receiver);
        before.close();
    }

    /**
     * Listens on {@code file}, replacing a socket file that nobody serves any more.
     *
     * @param fingerprint identifies the configuration this service runs with
     * @throws IOException if another process serves that socket, or it cannot be created
     */
    public static ServiceSocket open(Path file, String fingerprint, Receiver receiver) throws IOException {
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
        ServiceSocket s = new ServiceSocket(file, fingerprint, receiver, server);
        Thread acceptor = new Thread(s::accept, "confsync-handoff");
        acceptor.setDaemon(true);
        acceptor.start();
        return s;
    }

    /** Sessions served so far. */
    public int served() {
        return served.get();
    }

    private void accept() {
        int n = 0;
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Stop listening altogether: a socket that accepts connections nobody answers would make
                // every relay wait for its timeout. Relays then find no service and receive themselves.
                LOG.warn("handoff socket {} closed: {}; sessions are received by their own processes",
                        file, e.getMessage());
                try {
                    stopListening(); // sessions already served go on
                } catch (IOException closing) {
                    LOG.warn("removing {}: {}", file, closing.getMessage());
                }
                return;
            }
            open.add(ch);
            Thread t = new Thread(() -> session(ch), "confsync-handoff-" + ++n);
            t.setDaemon(true);
            t.start();
        }
    }

    private void session(SocketChannel ch) {
        try (ch) {
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String self = System.getProperty("user.name");
            if (!peer.user().getName().equals(self)) {
                LOG.warn("handoff refused: the relay runs as {}, this service as {}", peer.user().getName(), self);
                Greeting.send(ch, "this service runs as " + self);
                return;
            }
            String offered = Greeting.receive(ch);
            Serving now = serving;
            if (!offered.equals(Greeting.offer(now.fingerprint()))) {
                LOG.warn("a session was not handed over: its relay read another configuration file than this "
                        + "service runs with; reload the service to take the new one (systemctl reload confsync, "
                        + "or kill -HUP)");
                Greeting.send(ch, "this service runs with another configuration; reload it to take the new one");
                return;
            }
            Greeting.send(ch, Greeting.ACCEPTED);
            served.incrementAndGet();
            Duplex d = Duplex.of(ch);
            now.receiver().serve(d.in(), d.out());
        } catch (IOException | RuntimeException e) {
            LOG.warn("handed-off session ended: {}", io.confsync.manifest.Reason.of(e));
        } finally {
            open.remove(ch);
        }
    }

    /** Stops listening, removes the socket file and breaks the sessions still open (their batches roll back). */
    @Override
    public void close() throws IOException {
        try {
            stopListening();
        } finally {
            for (SocketChannel ch : open) {
                ch.close();
            }
            serving.receiver().close();
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
