/**
 * {@code confsync demo}: a three-node cluster on loopback, written under one directory, with a
 * scripted tour of what confsync does.
 */
package io.confsync.cli.demo;
