/**
 * One-shot and cluster-wide operations: the source rule as the nodes apply it ({@link
 * io.confsync.cluster.SourceClaim}, {@link io.confsync.cluster.StateFence}), read-only probes and
 * surveys of the other nodes, {@code promote}'s decision and take-over, {@code audit}'s comparison,
 * live status, and the one-shot cluster sync; {@link io.confsync.cluster.Wiring} turns the
 * configuration into the plain values the transfer module takes. Results are records: printing
 * them is the command line's job, and nothing here knows of it.
 */
package io.confsync.cluster;
