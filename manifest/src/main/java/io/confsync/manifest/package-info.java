/**
 * What is there: validated relative paths, file entries with their full metadata and XXH64 content
 * digest, sorted immutable manifests, and the scanner that builds them from any {@code java.nio}
 * file system, with a persistent hash cache so that a rescan of unchanged files reads no content.
 */
package io.confsync.manifest;
