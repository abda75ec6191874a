/**
 * How a change lands on a node: the {@link io.confsync.transfer.apply.Applier} stages every file of
 * a plan next to its target, verifies and fsyncs it, keeps a backup of whatever it will overwrite
 * or delete, and only then renames everything into place. It writes only inside the node's own
 * sync roots and never through a symlink.
 */
package io.confsync.transfer.apply;
