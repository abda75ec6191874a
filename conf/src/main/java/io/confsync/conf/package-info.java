/**
 * The configuration file: YAML read with Jackson's streaming parser into a tree that remembers
 * line and column, bound by hand into records so that every error names {@code file:line:column},
 * the key and a hint; the {@link io.confsync.conf.Cluster} view of the node list; and the node's
 * durable {@link io.confsync.conf.ClusterState} (epoch, source, seq) with the pure source rule
 * that decides who may push, kept by {@link io.confsync.conf.ClusterStateStore}.
 */
package io.confsync.conf;
