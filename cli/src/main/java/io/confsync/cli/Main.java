package io.confsync.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code confsync} command. Errors are printed as one line ({@code confsync: ...}) and mapped
 * to exit codes by {@link ExitCode}; {@code --debug} adds the stack trace.
 */
@Command(name = "confsync", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Keeps configuration files identical across the nodes of a small HA cluster.",
            "The source (the first node of the list, or the last one promoted) pushes changes to the standbys over SSH.",
            ""},
        subcommands = {RunCommand.class, StatusCommand.class, SyncCommand.class, PromoteCommand.class,
            AuditCommand.class, ManifestCommand.class, ServeCommand.class, ReceiveCommand.class,
            KeygenCommand.class, DemoCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 drift found (audit), 2 error or unreachable node, 3 refused (safety or source rule),",
            "64 usage, 78 bad config; audit --nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
            "Configuration: /etc/confsync/confsync.yaml by default (--config or CONFSYNC_CONFIG). See README.md."})
public final class Main {

    /**
     * Runs the command line and exits with its code.
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line without exiting: for tests and embedding.
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean debug = parsed.matchedOption("--debug") != null
                    || parsed.subcommands().stream().anyMatch(s -> s.matchedOption("--debug") != null);
            err.println("confsync: " + oneLine(e));
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCode.of(e);
        });
        cl.setParameterExceptionHandler((e, params) -> {
            err.println("confsync: " + e.getMessage());
            err.println("Try 'confsync " + e.getCommandLine().getCommandName() + " --help' for usage.");
            return ExitCode.USAGE;
        });
        return cl.execute(args);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        } else if (e instanceof java.nio.file.NoSuchFileException) {
            m = "no such file or directory: " + m;
        } else if (e instanceof java.nio.file.AccessDeniedException) {
            m = "permission denied: " + m;
        }
        return m.lines().findFirst().orElse(m);
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"confsync " + (v == null ? "(development build)" : v)};
        }
    }
}
