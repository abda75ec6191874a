/**
 * What people read: tables, the documented JSON documents, the monitoring-plugin line, plans and
 * unified diffs, from the records the cluster and service modules return.
 */
package io.confsync.cli.print;
