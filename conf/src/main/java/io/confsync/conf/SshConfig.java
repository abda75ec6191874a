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
 *                       ({@code mina}); by default, OpenSSH's where {@code ssh} is installed
 */
public record SshConfig(String identity, String knownHosts, Duration connectTimeout, Duration idleTimeout,
                        Duration keepalive, boolean openSsh) {

    /**
     * Files under /etc/confsync, 10 s connect, 10 min idle, 15 s keepalive; the system's OpenSSH
     * client where an {@code ssh} is on the PATH (native crypto: a bulk transfer costs the source
     * about half the CPU of MINA's), else MINA's.
     */
    public static final SshConfig DEFAULT = new SshConfig("/etc/confsync/id_ed25519", "/etc/confsync/known_hosts",
            Duration.ofSeconds(10), Duration.ofMinutes(10), Duration.ofSeconds(15), sshOn(System.getenv("PATH")));

    /** Whether an executable {@code ssh} lies in one of the directories of {@code path} (a PATH value; null: none). */
    public static boolean sshOn(String path) {
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, "ssh"))
                    && java.nio.file.Files.isRegularFile(java.nio.file.Path.of(dir, "ssh"))) {
                return true;
            }
        }
        return false;
    }
}
