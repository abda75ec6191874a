package io.confsync.transfer.ssh;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded server's settings.
 *
 * @param host           address to listen on
 * @param port           port to listen on; 0 picks a free one (tests)
 * @param hostKey        persistent host key; an ed25519 key is generated there if missing
 * @param authorizedKeys OpenSSH authorized_keys file of the sources allowed in
 * @param user           the only login name accepted
 * @param idleTimeout    a silent session is closed after this long
 */
public record ServerSettings(String host, int port, Path hostKey, Path authorizedKeys, String user,
                             Duration idleTimeout) {
}
