/**
 * rsync-style deltas: the receiver describes its current version of a file as block signatures
 * (a rolling Adler-style weak sum and an XXH64 strong sum per block); the sender finds those blocks
 * in the new content and sends only copy instructions and literal bytes; the receiver patches and
 * the applier verifies the whole file against its XXH64.
 */
package io.confsync.transfer.delta;
