package io.confsync.transfer.ssh;

import io.confsync.transfer.session.Receiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code confsync} subsystem: one receiver session on a thread of its own per channel. */
final class ReceiverSubsystem implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverSubsystem.class);

    private final Receiver receiver;
    private final java.util.concurrent.atomic.AtomicInteger sessions;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private Thread thread;

    ReceiverSubsystem(Receiver receiver, java.util.concurrent.atomic.AtomicInteger sessions) {
        this.receiver = receiver;
        this.sessions = sessions;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        // The protocol reports errors in band; nothing goes to stderr.
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        sessions.incrementAndGet();
        thread = new Thread(() -> {
            try {
                receiver.serve(in, out);
                exit.onExit(0);
            } catch (IOException | RuntimeException e) {
                LOG.warn("session from {} ended: {}", channel.getSession().getClientAddress(), io.confsync.manifest.Reason.of(e));
                exit.onExit(1, io.confsync.manifest.Reason.of(e));
            } finally {
                sessions.decrementAndGet();
            }
        }, "confsync-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
