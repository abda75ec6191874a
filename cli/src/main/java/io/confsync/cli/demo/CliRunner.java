package io.confsync.cli.demo;

import io.confsync.cli.Main;
import java.io.PrintWriter;
import java.nio.file.Path;

/** Runs another command of this CLI in-process, for the demo. */
public final class CliRunner {

    private CliRunner() {
    }

    public static void status(Path config, PrintWriter out) {
        Main.run(new String[] {"status", "--config", config.toString()}, out, out);
    }
}
