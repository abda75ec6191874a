package io.confsync.transfer.handoff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Interrupts a handed-off command when its client goes away. The client sends nothing after its
 * request, so a read that ends (end of stream, reset) means it closed the connection: Ctrl-C, a
 * killed monitoring check. The command then stops as it would have in a process of its own; a sync
 * breaks off its pushes, whose batches land whole or not at all on each standby.
 */
final class HangUp implements AutoCloseable {

    private final Thread command;
    private final Thread watcher;
    private volatile boolean done;
    private boolean gone;

    private HangUp(SocketChannel ch, Thread command) {
        this.command = command;
        this.watcher = new Thread(() -> await(ch), command.getName() + "-hangup");
        this.watcher.setDaemon(true);
    }

    /** Watches {@code ch} until {@link #close()}, interrupting the calling thread if the client goes away. */
    static HangUp watch(SocketChannel ch) {
        HangUp h = new HangUp(ch, Thread.currentThread());
        h.watcher.start();
        return h;
    }

    private void await(SocketChannel ch) {
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            while (!done && ch.read(one) >= 0) {
                one.clear(); // a client that sends more than its request: ignored
            }
        } catch (IOException e) {
            // reset, or closed by the service once the command ended
        }
        synchronized (this) {
            if (!done) {
                gone = true;
                command.interrupt();
            }
        }
    }

    /** Whether the client went away while the command ran. */
    synchronized boolean gone() {
        return gone;
    }

    /** The command has ended: a hang-up from now on interrupts nothing. */
    @Override
    public synchronized void close() {
        done = true;
    }
}
