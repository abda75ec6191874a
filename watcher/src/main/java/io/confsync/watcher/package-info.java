/**
 * What changed: change sources (directory-watcher on real file systems, a queue for tests) feed
 * paths into a {@link io.confsync.watcher.Settler}, which coalesces them with an injected clock
 * and hands out {@link io.confsync.watcher.ChangeBatch}es. An event only marks a path dirty; the
 * scanner decides what really changed, so a lost event costs latency, never correctness.
 */
package io.confsync.watcher;
