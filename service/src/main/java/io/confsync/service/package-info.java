/**
 * The continuous sync that {@code confsync run} is: on the source, the loop that watches, settles,
 * rescans and publishes snapshots ({@link io.confsync.service.SyncService}), one worker per standby
 * that keeps it caught up ({@link io.confsync.service.StandbyWorker}), the seq writer and the
 * status board; on every node, the receiver behind the handoff socket that sshd's relays hand their
 * sessions to ({@link io.confsync.service.StandbyService}). Nothing here knows the command line.
 */
package io.confsync.service;
