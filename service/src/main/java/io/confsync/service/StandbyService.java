package io.confsync.service;

import io.confsync.cluster.Wiring;
import io.confsync.conf.Config;
import io.confsync.transfer.handoff.ServiceSocket;
import io.confsync.transfer.session.Receiver;
import java.io.IOException;

/**
 * The standby side of the live service: this node's receiver (its drift watched by the file
 * watcher), and the handoff socket through which a {@code confsync receive --stdio} that sshd
 * starts hands its session to the running service.
 */
public final class StandbyService {

    private StandbyService() {
    }

    /**
     * This node's receiver, with the temporaries of any interrupted batch already swept.
     *
     * @throws IOException if a root cannot be walked
     */
    public static Receiver startReceiver(Config c) throws IOException {
        return startReceiver(c, () -> { });
    }

    /**
     * This node's receiver, as {@link #startReceiver(Config)}; {@code installed} is told when the
     * source's configuration has replaced this node's file (a service then reloads).
     *
     * @throws IOException if a root cannot be walked
     */
    public static Receiver startReceiver(Config c, Runnable installed) throws IOException {
        return Wiring.startReceiver(c, x -> () -> new WatcherChanges(Wiring.base(x), Wiring.rules(x)), installed);
    }

    /**
     * This node's receiver for a long-lived process ({@code run}'s handoff socket, {@code serve}):
     * read-only sessions are answered from the manifest its file watcher keeps current.
     *
     * @throws IOException if a root cannot be walked
     */
    public static Receiver startLiveReceiver(Config c, Runnable installed) throws IOException {
        return startReceiver(c, installed).keepLive();
    }

    /**
     * Starts serving the sessions that {@code confsync receive --stdio} hands over. The service
     * works without it (every session then costs a JVM of its own): the caller says so and goes on.
     *
     * @throws IOException if the socket cannot be created (another service on the state directory,
     *                     a path too long for a Unix socket)
     */
    public static ServiceSocket open(Config c, Runnable installed) throws IOException {
        // The fingerprint of the text this service parsed, not of the file now: it may have changed.
        return ServiceSocket.open(socketFile(c), c.fingerprint(), startLiveReceiver(c, installed));
    }

    /** Where the handoff socket of this node's service is. */
    public static java.nio.file.Path socketFile(Config c) {
        return Wiring.stateDir(c).resolve(ServiceSocket.FILE_NAME);
    }
}
