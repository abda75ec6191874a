package io.confsync.service;

import io.confsync.cluster.Wiring;
import io.confsync.conf.Config;
import io.confsync.transfer.ssh.EmbeddedServer;
import io.confsync.transfer.ssh.ServerSettings;
import io.confsync.transfer.ssh.SshKeys;
import java.io.IOException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code confsync serve}: the embedded SSH server of a standby, with reloads. A new configuration
 * whose server settings ({@code serve.*}, this node's address and port) are unchanged only changes
 * the receiver that new sessions get; one that changes them starts a new server, once the sessions
 * in flight on the old one have finished when both would listen on the same address.
 */
public final class EmbeddedService {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedService.class);
    /** How long a restart of the server waits for the sessions in flight. */
    private static final long SESSIONS_WAIT_MS = 30 * 60_000L;

    private final ConfigReload configs;
    private final Notify notify;
    private final Consumer<String> say;

    public EmbeddedService(ConfigReload configs, Notify notify, Consumer<String> say) {
        this.configs = configs;
        this.notify = notify;
        this.say = say;
    }

    /** Serves until interrupted (SIGTERM), then stops the server. */
    public void run() throws IOException, InterruptedException {
        EmbeddedServer server = start(configs.current());
        notify.startWatchdog();
        HeapTrim.start();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                notify.beat();
                configs.sleep(1000);
                if (configs.requested()) {
                    notify.reloading();
                    Config next = configs.take();
                    if (next != null) {
                        server = reload(server, next);
                    }
                    ready(configs.current(), server);
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            notify.stopping();
            notify.close();
            server.close();
        }
    }

    private EmbeddedServer start(Config c) throws IOException {
        EmbeddedServer server = new EmbeddedServer(Wiring.server(c), StandbyService.startLiveReceiver(c, configs::request));
        server.start();
        say.accept(String.format("confsync: serving %s on %s:%d (host key %s)", c.node(), server.settings().host(),
                server.port(), SshKeys.fingerprint(server.hostKey().getPublic())));
        ready(c, server);
        return server;
    }

    private void ready(Config c, EmbeddedServer server) {
        notify.ready("serving " + c.node() + " on " + server.settings().host() + ":" + server.port()
                + (configs.failure() != null ? "; " + configs.failure() : ""));
    }

    private EmbeddedServer reload(EmbeddedServer old, Config next) throws IOException, InterruptedException {
        ServerSettings wanted = Wiring.server(next);
        if (wanted.equals(old.settings())) {
            old.use(StandbyService.startLiveReceiver(next, configs::request));
            return old;
        }
        boolean sameAddress = wanted.host().equals(old.settings().host()) && wanted.port() == old.settings().port();
        if (sameAddress) {
            awaitSessions(old);
            old.close();
            return start(next);
        }
        EmbeddedServer fresh = start(next);
        awaitSessions(old);
        old.close();
        return fresh;
    }

    /** Waits (bounded) until the old server has no session in flight. */
    private void awaitSessions(EmbeddedServer old) throws InterruptedException {
        notify.pause(java.time.Duration.ofMillis(SESSIONS_WAIT_MS).plusSeconds(30));
        long deadline = System.nanoTime() + SESSIONS_WAIT_MS * 1_000_000;
        boolean said = false;
        while (old.sessions() > 0 && System.nanoTime() < deadline) {
            if (!said) {
                LOG.info("reload: waiting for {} session(s) in flight before the server restarts", old.sessions());
                said = true;
            }
            Thread.sleep(100);
        }
    }
}
