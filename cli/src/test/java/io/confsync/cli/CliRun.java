package io.confsync.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The outcome of one in-process command line run.
 *
 * @param code exit code
 * @param out  standard output
 * @param err  standard error
 */
public record CliRun(int code, String out, String err) {

    /** Runs {@code confsync ARGS...} in this JVM. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }
}
