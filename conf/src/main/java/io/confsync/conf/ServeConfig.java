package io.confsync.conf;

import java.time.Duration;

/**
 * The embedded server's settings ({@code serve:}), used by {@code confsync serve}.
 *
 * @param listen         address to listen on; null means this node's {@code address}
 * @param port           port; 0 means this node's {@code port}
 * @param hostKey        host key file; null means {@code <state-dir>/ssh_host_ed25519_key}
 * @param authorizedKeys authorized_keys of the sources allowed in
 * @param user           the only login name accepted
 * @param idleTimeout    a silent session is closed
 */
public record ServeConfig(String listen, int port, String hostKey, String authorizedKeys, String user,
                          Duration idleTimeout) {

    /** This node's address and port, key in the state dir, /etc/confsync/authorized_keys, user confsync. */
    public static final ServeConfig DEFAULT = new ServeConfig(null, 0, null, "/etc/confsync/authorized_keys",
            "confsync", Duration.ofMinutes(10));
}
