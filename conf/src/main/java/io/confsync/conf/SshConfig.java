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
 * @param openSsh        use the system's OpenSSH client ({@code ssh.client: openssh}) instead of MINA's
 */
public record SshConfig(String identity, String knownHosts, Duration connectTimeout, Duration idleTimeout,
                        Duration keepalive, boolean openSsh) {

    /** Files under /etc/confsync, 10 s connect, 10 min idle, 15 s keepalive, MINA's client. */
    public static final SshConfig DEFAULT = new SshConfig("/etc/confsync/id_ed25519", "/etc/confsync/known_hosts",
            Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(15), false);
}
