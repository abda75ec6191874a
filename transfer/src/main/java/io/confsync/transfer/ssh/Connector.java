package io.confsync.transfer.ssh;

import io.confsync.transfer.session.Link;
import java.io.IOException;

/**
 * Opens links to other nodes' receivers. Two implementations: MINA's SSH client in this JVM
 * ({@link SshConnector}) and the system's OpenSSH client as a child process
 * ({@link OpenSshConnector}); both authenticate by public key only and check known_hosts strictly.
 */
public interface Connector extends AutoCloseable {

    /**
     * Connects, authenticates and starts the receiver.
     *
     * @throws IOException with one clear line: host key refused, authentication failed, timeout...
     */
    Link open(SshTarget target) throws IOException;

    /**
     * A short link (an audit's visit): on a connection a link of {@link #open} holds to the same
     * target when there is one, else on one of its own that no other link joins.
     *
     * @throws IOException as {@link #open}
     */
    default Link join(SshTarget target) throws IOException {
        return open(target);
    }

    /** Stops whatever the connector runs; links already open stay usable until closed. */
    @Override
    void close();
}
