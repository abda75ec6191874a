package io.confsync.transfer.ssh;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the source connects to standbys.
 *
 * @param identity         private key (ed25519, ecdsa or rsa, unencrypted)
 * @param knownHosts       known_hosts file checked strictly
 * @param acceptNewHostKey trust and record unknown hosts (never changed ones)
 * @param connectTimeout   TCP connect and key exchange
 * @param authTimeout      authentication
 * @param idleTimeout      a session silent this long is closed
 * @param keepalive        interval of keepalive requests; a peer missing three is dead
 */
public record ClientSettings(Path identity, Path knownHosts, boolean acceptNewHostKey, Duration connectTimeout,
                             Duration authTimeout, Duration idleTimeout, Duration keepalive) {
}
