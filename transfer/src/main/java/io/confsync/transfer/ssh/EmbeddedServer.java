package io.confsync.transfer.ssh;

import io.confsync.transfer.session.Receiver;
import java.io.IOException;
import java.security.KeyPair;
import java.util.List;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.subsystem.SubsystemFactory;
import org.apache.sshd.core.CoreModuleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code confsync serve}: an SSH server offering the confsync subsystem and nothing else (no shell,
 * no exec, no SFTP, no forwarding, no passwords). Clients authenticate with a key from the
 * authorized_keys file and must log in as the configured user, which MINA's authenticator alone
 * does not check.
 */
public final class EmbeddedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    private final SshServer server;
    private final ServerSettings settings;
    private final KeyPair hostKey;
    /** What new sessions are received with; a reload replaces it, sessions in flight keep theirs. */
    private final java.util.concurrent.atomic.AtomicReference<Receiver> receiver;
    private final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Prepares the server; {@link #start()} listens.
     *
     * @throws IOException if the host key cannot be read or created
     */
    public EmbeddedServer(ServerSettings settings, Receiver receiver) throws IOException {
        this.settings = settings;
        this.receiver = new java.util.concurrent.atomic.AtomicReference<>(receiver);
        this.hostKey = SshKeys.readOrCreate(settings.hostKey(), "confsync-host");
        server = SshServer.setUpDefaultServer();
        Algorithms.server(server);
        server.setHost(settings.host());
        server.setPort(settings.port());
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setGSSAuthenticator(null);
        server.setHostBasedAuthenticator(null);
        AuthorizedKeysAuthenticator keys = new AuthorizedKeysAuthenticator(settings.authorizedKeys());
        server.setPublickeyAuthenticator((user, key, session) -> {
            boolean ok = settings.user().equals(user) && keys.authenticate(user, key, session);
            if (!ok) {
                LOG.warn("refused login as '{}' from {} with {} key {}", user, session.getClientAddress(),
                        org.apache.sshd.common.config.keys.KeyUtils.getKeyType(key), SshKeys.fingerprint(key));
            }
            return ok;
        });
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionEvent(org.apache.sshd.common.session.Session session, Event event) {
                if (event == Event.Authenticated) {
                    LOG.debug("SSH session from {} as {}", session.getIoSession().getRemoteAddress(), session.getUsername());
                }
            }
        });
        server.setChannelFactories(List.of(new org.apache.sshd.common.channel.ChannelFactory() {
            @Override
            public String getName() {
                return "session";
            }

            @Override
            public org.apache.sshd.common.channel.Channel createChannel(org.apache.sshd.common.session.Session s) {
                return new SubsystemOnlyChannel();
            }
        }));
        server.setShellFactory(null);
        server.setCommandFactory(null);
        server.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        server.setAgentFactory(null);
        server.setSubsystemFactories(List.of(new SubsystemFactory() {
            @Override
            public String getName() {
                return SshConnector.SUBSYSTEM;
            }

            @Override
            public org.apache.sshd.server.command.Command createSubsystem(
                    org.apache.sshd.server.channel.ChannelSession channel) {
                return new ReceiverSubsystem(EmbeddedServer.this.receiver.get(), sessions);
            }
        }));
        CoreModuleProperties.IDLE_TIMEOUT.set(server, settings.idleTimeout());
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        CoreModuleProperties.AUTH_TIMEOUT.set(server, java.time.Duration.ofSeconds(30));
    }

    /**
     * Starts listening.
     *
     * @throws IOException if the address cannot be bound
     */
    public void start() throws IOException {
        server.start();
        LOG.debug("listening on {}:{} for user {} (host key {})", settings.host(), port(), settings.user(),
                SshKeys.fingerprint(hostKey.getPublic()));
    }

    /** The settings it listens with. */
    public ServerSettings settings() {
        return settings;
    }

    /** Receives the sessions opened from now on with {@code next} (a reload). */
    public void use(Receiver next) throws IOException {
        receiver.getAndSet(next).close();
    }

    /** Sessions being received right now. */
    public int sessions() {
        return sessions.get();
    }

    /** The port listened on (the real one when 0 was asked for). */
    public int port() {
        return server.getPort();
    }

    /** The host key, for known_hosts. */
    public KeyPair hostKey() {
        return hostKey;
    }

    @Override
    public void close() throws IOException {
        try {
            server.stop(true);
        } finally {
            receiver.get().close();
        }
    }
}
