package io.confsync.transfer.ssh;

/**
 * Where and how to reach a standby's receiver.
 *
 * @param host      host name or address
 * @param port      SSH port
 * @param user      login name
 * @param transport exec through OpenSSH, or the embedded server's subsystem
 * @param command   for exec: the remote command that speaks the protocol on stdio
 */
public record SshTarget(String host, int port, String user, Transport transport, String command) {

    /** How the receiver is started on the standby. */
    public enum Transport {
        /** {@code ssh host COMMAND} through the standby's own OpenSSH sshd. */
        EXEC,
        /** The {@code confsync} subsystem of {@code confsync serve} on the standby. */
        EMBEDDED
    }

    /** {@code user@host:port}. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }
}
