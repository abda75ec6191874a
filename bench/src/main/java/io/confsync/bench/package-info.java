/**
 * JMH micro benchmarks of the hot paths: XXH64, the rolling checksum, delta encoding and patching,
 * and the protocol codec. Run them with {@code bench/jmh.sh}; the end-to-end comparison with rsync
 * is {@code bench/peerbench.sh}. Figures go to docs/BENCHMARKS.md as ratios.
 */
package io.confsync.bench;
