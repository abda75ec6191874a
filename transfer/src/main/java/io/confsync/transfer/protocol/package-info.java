/**
 * Protocol v1: one sealed {@link io.confsync.transfer.protocol.Message} hierarchy and its codec
 * over any byte stream. Frames are {@code [u32 length][u8 type][payload]}; every length, count and
 * string is checked against {@link io.confsync.transfer.protocol.ProtocolLimits} before anything is
 * allocated, and every violation is a {@link io.confsync.transfer.protocol.ProtocolException}.
 */
package io.confsync.transfer.protocol;
