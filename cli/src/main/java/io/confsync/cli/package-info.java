/**
 * The command line: picocli commands, the wiring of the pipeline for each, the one place where
 * exceptions become exit codes and one-line messages, and the human and JSON renderings.
 */
package io.confsync.cli;
