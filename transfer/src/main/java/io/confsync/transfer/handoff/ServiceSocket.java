package io.confsync.transfer.handoff;

import io.confsync.transfer.session.Receiver;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** What new sessions are served with: replaced as a whole by a reload, never seen half-replaced. */
    private volatile Serving serving;
    private Listener listener;
    private final AtomicInteger served = new AtomicInteger();

    /** A configuration's fingerprint and the receiver built from it. */
    private record Serving(String fingerprint, Receiver receiver) {
    }

    private ServiceSocket(String fingerprint, Receiver receiver) {
        this.serving = new Serving(fingerprint, receiver);
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
        ServiceSocket s = new ServiceSocket(fingerprint, receiver);
        s.listener = Listener.open(file, "handoff", s::session);
        return s;
    }

    /** Sessions served so far. */
    public int served() {
        return served.get();
    }

    private void session(SocketChannel ch) throws IOException {
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
    }

    /** Stops listening, removes the socket file and breaks the sessions still open (their batches roll back). */
    @Override
    public void close() throws IOException {
        try {
            listener.close();
        } finally {
            serving.receiver().close();
        }
    }
}
