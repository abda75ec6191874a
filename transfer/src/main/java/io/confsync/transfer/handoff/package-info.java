/**
 * Handing a session to the node's running service. {@code confsync receive --stdio}, started by
 * sshd for every exec-transport session, costs a cold JVM: start-up, class loading and JIT
 * compilation on the standby, in series with the source's. When {@code confsync run} already runs
 * on the standby, it listens on a local socket in its state directory ({@link
 * io.confsync.transfer.handoff.ServiceSocket}), and the short-lived process only relays its standard
 * input and output to it ({@link io.confsync.transfer.handoff.Relay}). The service accepts a session
 * only from its own user and only while it runs with the configuration file the relay read; else the
 * relay receives in its own process, as before.
 */
package io.confsync.transfer.handoff;
