package io.confsync.conf;

import java.time.Duration;

/**
 * The source's SSH client settings ({@code ssh:}).
 *
 * @param identity       private key file
 * @param knownHosts     known_hosts file, checked strictly
 * @param connectTimeout connect and key exchange
 * @param idleTimeout    a silent session is closed
 * @param keepalive      keepalive interval
 */
public record SshConfig(String identity, String knownHosts, Duration connectTimeout, Duration idleTimeout,
                        Duration keepalive) {

    /** Files under /etc/confsync, 10 s connect, 10 min idle, 15 s keepalive. */
    public static final SshConfig DEFAULT = new SshConfig("/etc/confsync/id_ed25519", "/etc/confsync/known_hosts",
            Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(15));
}
