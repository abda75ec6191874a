/**
 * Sessions of protocol v1 over any pair of streams: the {@link io.confsync.transfer.session.Sender}
 * on the source (handshake, manifest, pipelined signatures, batches) and the
 * {@link io.confsync.transfer.session.Receiver} on a standby, which applies batches with its own
 * roots, limits and backups, never the sender's.
 */
package io.confsync.transfer.session;
