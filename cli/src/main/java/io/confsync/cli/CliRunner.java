package io.confsync.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/** Runs another command of this CLI in-process, for the demo. */
final class CliRunner {

    private CliRunner() {
    }

    static void status(Path config, PrintWriter out) {
        Main.run(new String[] {"status", "--config", config.toString()}, out, out);
    }
}
