package io.confsync.transfer.ssh;

import io.confsync.transfer.session.Link;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * Opens links to standbys over SSH: public-key authentication only, strict known_hosts, bounded
 * connect and auth times, keepalives. One connector serves many links, and links to the same user,
 * host and port share one session (a channel each); close the connector to stop its threads.
 */
public final class SshConnector implements Connector {

    /** The subsystem name the embedded server offers. */
    public static final String SUBSYSTEM = "confsync";

    private final SshClient client;
    private final KnownHosts knownHosts;
    private final KeyPair identity;
    private final ClientSettings settings;
    private final java.util.Map<String, Shared> sessions = new java.util.HashMap<>();

    /**
     * Loads the identity and starts the client.
     *
     * @throws IOException if the identity cannot be read
     */
    public SshConnector(ClientSettings settings) throws IOException {
        this.settings = settings;
        this.identity = SshKeys.read(settings.identity());
        this.knownHosts = new KnownHosts(settings.knownHosts(), settings.acceptNewHostKey());
        this.client = SshClient.setUpDefaultClient();
        Algorithms.client(client);
        client.setServerKeyVerifier(knownHosts);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        client.setKeyIdentityProvider(s -> List.of(identity));
        client.setPasswordIdentityProvider(null);
        client.setHostConfigEntryResolver(org.apache.sshd.client.config.hosts.HostConfigEntryResolver.EMPTY);
        CoreModuleProperties.IDLE_TIMEOUT.set(client, settings.idleTimeout());
        // A batch is a burst then a wait for one answer: Nagle plus delayed ACKs would add ~40 ms.
        CoreModuleProperties.TCP_NODELAY.set(client, true);
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, settings.keepalive());
        CoreModuleProperties.HEARTBEAT_REPLY_WAIT.set(client, settings.keepalive());
        CoreModuleProperties.HEARTBEAT_NO_REPLY_MAX.set(client, 3);
        client.start();
    }

    /**
     * Opens the receiver channel on the session this connector already holds to the same user, host
     * and port (a service's push session lends its session to the audits handed to it: no second
     * key exchange), or connects and authenticates a new one.
     *
     * @throws LinkException saying what failed: unreachable (no connection, or no SSH answer in
     *                       time), host key, authentication, or the channel
     */
    @Override
    public Link open(SshTarget t) throws IOException {
        String key = t.describe();
        Shared held = borrow(key);
        if (held != null) {
            try {
                return channel(key, held, t);
            } catch (IOException e) {
                // The session ended under us: a session of its own says why, if it fails too.
                release(key, held);
            }
        }
        ClientSession session;
        try {
            session = client.connect(t.user(), t.host(), t.port()).verify(settings.connectTimeout()).getSession();
        } catch (IOException e) {
            throw new LinkException(LinkException.Code.UNREACHABLE, LinkException.connectFailed(t.host(), t.port(),
                    reason(e)), e);
        }
        try {
            authenticate(session, t);
        } catch (IOException | RuntimeException e) {
            knownHosts.refusal(session);
            session.close(true);
            throw e;
        }
        Shared fresh = hold(key, session);
        try {
            return channel(key, fresh, t);
        } catch (IOException | RuntimeException e) {
            release(key, fresh);
            throw e;
        }
    }

    private Link channel(String key, Shared shared, SshTarget t) throws IOException {
        ClientChannel ch = t.transport() == SshTarget.Transport.EXEC
                ? shared.session.createExecChannel(t.command()) : shared.session.createSubsystemChannel(SUBSYSTEM);
        ch.setErr(new LineLogger(t.host() + ":" + t.port()));
        try {
            ch.open().verify(settings.authTimeout());
        } catch (IOException e) {
            ch.close(true);
            throw new LinkException(LinkException.Code.LOST, t.describe() + ": cannot start the receiver ("
                    + (t.transport() == SshTarget.Transport.EXEC ? t.command() : "subsystem " + SUBSYSTEM)
                    + "): " + reason(e), e);
        }
        return new SshLink(this, key, shared, ch, t);
    }

    /** An authenticated session and the number of links open on it. */
    private static final class Shared {
        final ClientSession session;
        int links = 1;

        Shared(ClientSession session) {
            this.session = session;
        }

        boolean usable() {
            return session.isOpen() && !session.isClosing() && session.isAuthenticated();
        }
    }

    /** The open session to {@code key}, one more link counted on it; null if there is none. */
    private synchronized Shared borrow(String key) {
        Shared s = sessions.get(key);
        if (s == null || !s.usable()) {
            return null;
        }
        s.links++;
        return s;
    }

    /** A new session, offered to the next links to the same key unless a usable one is there. */
    private synchronized Shared hold(String key, ClientSession session) {
        Shared s = new Shared(session);
        Shared there = sessions.get(key);
        if (there == null || !there.usable()) {
            sessions.put(key, s);
        }
        return s;
    }

    /** One link fewer on {@code s}; the last one closes the session. */
    private void release(String key, Shared s) {
        boolean last;
        synchronized (this) {
            last = --s.links == 0;
            if (last) {
                sessions.remove(key, s);
            }
        }
        if (last) {
            s.session.close(false);
        }
    }

    /** Key exchange and authentication, each failure named by what it was. */
    private void authenticate(ClientSession session, SshTarget t) throws LinkException {
        try {
            session.auth().verify(settings.authTimeout());
        } catch (IOException e) {
            String refusal = knownHosts.refusal(session);
            if (refusal != null) {
                throw new LinkException(LinkException.Code.HOST_KEY, refusal, e);
            }
            if (session.getServerKey() == null) {
                // The TCP connection was accepted but no key exchange completed: nothing answers there.
                throw new LinkException(LinkException.Code.UNREACHABLE, t.describe() + ": no SSH answer within "
                        + settings.authTimeout().toSeconds() + " s", e);
            }
            throw new LinkException(LinkException.Code.AUTHENTICATION, "authentication as " + t.describe()
                    + " with key " + settings.identity() + " failed (is its public key in the standby's "
                    + "authorized_keys?): " + reason(e), e);
        }
    }

    /** The innermost message of a failure, without MINA's future descriptions. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        client.stop();
    }

    /** A link over one SSH channel; closing it releases its session. */
    private record SshLink(SshConnector owner, String key, Shared shared, ClientChannel channel, SshTarget target)
            implements Link {
        @Override
        public InputStream in() {
            return channel.getInvertedOut();
        }

        @Override
        public OutputStream out() {
            return channel.getInvertedIn();
        }

        @Override
        public String describe() {
            return target.describe();
        }

        @Override
        public void close() throws IOException {
            try {
                channel.getInvertedIn().close();
                channel.waitFor(java.util.EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED),
                        Duration.ofSeconds(5));
            } finally {
                channel.close(false);
                owner.release(key, shared);
            }
        }
    }
}
