package io.confsync.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A stock OpenSSH sshd on a loopback high port with its own config, host key and authorized_keys,
 * started with {@code -D -e} so that its PID is ours and its readiness line can be awaited.
 */
final class OpenSshd implements AutoCloseable {

    static final Path SSHD = Path.of("/usr/sbin/sshd");

    final int port;
    final Path hostKeyPub;
    private final Processes.Watched process;

    OpenSshd(Path dir, Path authorizedKeys) throws IOException, InterruptedException {
        this(dir, authorizedKeys, "INFO");
    }

    /** With another sshd log level ({@code DEBUG2} logs the client's algorithm proposal). */
    OpenSshd(Path dir, Path authorizedKeys, String logLevel) throws IOException, InterruptedException {
        this(dir, authorizedKeys, logLevel, "ed25519");
    }

    /** With a host key of another type ({@code rsa}, {@code ecdsa}): an impostor for a known host. */
    OpenSshd(Path dir, Path authorizedKeys, String logLevel, String keyType) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path hostKey = dir.resolve("ssh_host_" + keyType + "_key");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", keyType, "-N", "", "-f", hostKey.toString())
                .redirectErrorStream(true).start();
        if (keygen.waitFor() != 0) {
            throw new IOException("ssh-keygen failed: " + new String(keygen.getInputStream().readAllBytes()));
        }
        this.hostKeyPub = dir.resolve("ssh_host_" + keyType + "_key.pub");
        this.port = Processes.freePort();
        // Privilege separation needs this directory when sshd runs as root.
        Files.createDirectories(Path.of("/run/sshd"));
        Path config = Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + authorizedKeys,
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "AllowTcpForwarding no",
                "X11Forwarding no",
                "PrintMotd no",
                // Debian's bash reads ~/.bashrc for ssh commands unless SHLVL is set; keep stdout clean.
                "SetEnv SHLVL=1",
                "LogLevel " + logLevel,
                ""));
        this.process = Processes.Watched.start(List.of(SSHD.toString(), "-D", "-e", "-f", config.toString()),
                l -> l.contains("Server listening on 127.0.0.1 port " + port), Duration.ofSeconds(30));
    }

    /** The host key line, without the comment. */
    String hostKeyLine() throws IOException {
        String[] parts = Files.readString(hostKeyPub).trim().split(" ");
        return parts[0] + " " + parts[1];
    }

    /** What sshd logged so far. */
    String log() {
        return process.seen();
    }

    @Override
    public void close() {
        Processes.stop(process.process());
    }
}
