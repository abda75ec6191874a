/**
 * The command line: picocli commands and their options, the one place where exceptions become exit
 * codes and one-line messages, logging set-up, and the relay shortcut that hands a session to the
 * standby's running service before anything else is loaded. What the commands do lives in the
 * cluster and service modules; what they print, in {@code cli.print}.
 */
package io.confsync.cli;
