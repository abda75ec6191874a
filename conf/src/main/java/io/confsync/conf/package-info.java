/**
 * The configuration file: YAML read with Jackson's streaming parser into a tree that remembers
 * line and column, bound by hand into records so that every error names {@code file:line:column},
 * the key and a hint; plus the {@link io.confsync.conf.Cluster} view of the node list.
 */
package io.confsync.conf;
