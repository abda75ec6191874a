package io.confsync.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback in front of a port, for faults on the wire: its first connection can be
 * frozen once a number of bytes went one way (the link then stays open and silent, as a cable
 * pulled mid-batch); later connections are relayed as they are.
 */
final class Relay implements AutoCloseable {

    final int port;
    private final ServerSocket server;
    private final int target;
    private final long freezeAfter;
    private final AtomicLong forwarded = new AtomicLong();
    private final List<Socket> sockets = new ArrayList<>();
    private volatile boolean frozen;
    private int connections;

    /**
     * @param target      the port relayed to
     * @param freezeAfter bytes from the client after which the first connection goes silent; -1 never
     */
    Relay(int target, long freezeAfter) throws IOException {
        this.target = target;
        this.freezeAfter = freezeAfter;
        this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        this.port = server.getLocalPort();
        Thread t = new Thread(this::accept, "relay-" + port);
        t.setDaemon(true);
        t.start();
    }

    /** True once the first connection went silent. */
    boolean frozen() {
        return frozen;
    }

    private void accept() {
        try {
            while (true) {
                Socket in = server.accept();
                Socket out = new Socket(InetAddress.getByName("127.0.0.1"), target);
                boolean first;
                synchronized (this) {
                    sockets.add(in);
                    sockets.add(out);
                    first = connections++ == 0;
                }
                pump(in.getInputStream(), out.getOutputStream(), first && freezeAfter >= 0);
                pump(out.getInputStream(), in.getOutputStream(), false);
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void pump(InputStream from, OutputStream to, boolean mayFreeze) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                    if (mayFreeze && forwarded.addAndGet(n) > freezeAfter) {
                        frozen = true;
                        return; // silent from now on: nothing forwarded, nothing closed
                    }
                    to.write(buf, 0, n);
                    to.flush();
                }
                to.close();
            } catch (IOException e) {
                // either side closed
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public synchronized void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
