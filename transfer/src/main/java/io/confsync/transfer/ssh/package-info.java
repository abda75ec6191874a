/**
 * SSH on both ends, with Apache MINA SSHD: the client that reaches a standby (strict known_hosts,
 * public-key authentication only, timeouts and keepalives) over either an exec channel through the
 * standby's OpenSSH or the confsync subsystem of the embedded server, and that embedded server,
 * which offers the confsync subsystem and nothing else.
 */
package io.confsync.transfer.ssh;
