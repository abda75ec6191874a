package io.confsync.cli;

import io.confsync.cli.demo.DemoCommand;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code confsync} command. Errors are printed as one line ({@code confsync: ...}) and mapped
 * to exit codes by {@link ExitCode}; {@code --debug} adds the stack trace.
 */
@Command(name = "confsync", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "Keeps configuration files identical across the nodes of a small HA cluster.",
            "The source (the first node of the list, or the last one promoted) pushes changes to the standbys over SSH.",
            ""},
        footer = {"", "Exit codes: 0 ok, 1 drift found (audit), 2 error or unreachable node, 3 refused (safety or source rule),",
            "64 usage, 78 bad config; audit --nagios: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.",
            "Configuration: /etc/confsync/confsync.yaml by default (--config or CONFSYNC_CONFIG). See README.md."})
public final class Main {

    /**
     * The subcommands by name, in the order of the help; each name is its class's {@code @Command}
     * name (a test checks). Only the one named on the command line is built: picocli reflects over
     * every registered command class at start-up, which cost about 0.2 s of each one-shot command
     * when all were registered, and reading the names from the annotations cost 40 ms more.
     */
    static final Map<String, Class<?>> COMMANDS = commands("run", RunCommand.class, "status", StatusCommand.class,
            "sync", SyncCommand.class, "promote", PromoteCommand.class, "step-down", StepDownCommand.class,
            "role", RoleCommand.class, "audit", AuditCommand.class,
            "manifest", ManifestCommand.class, "check", CheckCommand.class, "serve", ServeCommand.class, "receive", ReceiveCommand.class,
            "keygen", KeygenCommand.class, "trust", TrustCommand.class, "demo", DemoCommand.class);

    /**
     * Runs the command line and exits with its code.
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        // Neither SLF4J nor picocli searches the class path (27 jars) for what is known: see LoggingProvider.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", LoggingProvider.class.getName());
            System.setProperty("slf4j.internal.verbosity", "WARN"); // else it says so on stderr
        }
        if (System.getProperty("picocli.disable.closures") == null) {
            System.setProperty("picocli.disable.closures", "true");
        }
        // The first socket channel or selector looks for a provider through ServiceLoader, which
        // opens every jar: 70 ms of a relay's 320 (hyperfine). Naming Linux's own provider skips the
        // search; the JDK instantiates it from java.base, where its package is accessible.
        if (System.getProperty("java.nio.channels.spi.SelectorProvider") == null
                && "Linux".equals(System.getProperty("os.name"))) {
            System.setProperty("java.nio.channels.spi.SelectorProvider", "sun.nio.ch.EPollSelectorProvider");
        }
        java.util.OptionalInt relayed = RelayShortcut.run(args, System.err);
        if (relayed.isPresent()) {
            System.exit(relayed.getAsInt());
        }
        java.util.OptionalInt handed = CommandShortcut.run(args, System.out, System.err);
        if (handed.isPresent()) {
            System.out.flush();
            System.exit(handed.getAsInt());
        }
        // UTF-8 whatever the locale: file names are UTF-8 bytes, and a launcher-less JVM in the C locale
        // would print them as '?'. Flushed before exit: autoflush acts on println only, and a diff or a
        // JSON document written with print would otherwise never reach the terminal.
        PrintWriter out = utf8(System.out);
        PrintWriter err = utf8(System.err);
        String encoding = io.confsync.manifest.FileNames.encodingProblem();
        if (encoding != null) {
            org.slf4j.LoggerFactory.getLogger(Main.class).warn(encoding);
        }
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    private static PrintWriter utf8(java.io.OutputStream stream) {
        return new PrintWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
    }

    /**
     * Runs the command line without exiting: for tests and embedding.
     *
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, CommandLine.defaultFactory());
    }

    /** {@link #run(String[], PrintWriter, PrintWriter)}, the commands and their options made by {@code factory}. */
    static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        CommandLine cl = new CommandLine(new Main(), factory);
        Class<?> named = args.length > 0 ? COMMANDS.get(args[0]) : null;
        for (Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (named == null || named == c.getValue()) {
                cl.addSubcommand(c.getKey(), c.getValue());
            }
        }
        if (named == null) {
            cl.addSubcommand(new CommandLine.HelpCommand());
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Errors errors = new Errors(err);
        cl.setExecutionExceptionHandler(errors);
        cl.setParameterExceptionHandler(errors);
        return cl.execute(args);
    }

    /**
     * The whole command line, every subcommand registered: for the man pages and the bash completion
     * generated from it at build time.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        COMMANDS.forEach(cl::addSubcommand);
        cl.addSubcommand(new CommandLine.HelpCommand());
        return cl;
    }

    private static Map<String, Class<?>> commands(Object... nameThenClass) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
    }

    private static String oneLine(Throwable e) {
        return io.confsync.manifest.Reason.of(e);
    }

    /**
     * Turns exceptions into one line and an exit code. A named class, not two lambdas: a lambda
     * implementing a picocli interface (Java 5 bytecode) cannot be kept in the class-data-sharing
     * archive, and loading it from the jars at start cost 36 ms.
     */
    private record Errors(PrintWriter err)
            implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

        @Override
        public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
            boolean debug = parsed.matchedOption("--debug") != null
                    || parsed.subcommands().stream().anyMatch(s -> s.matchedOption("--debug") != null);
            err.println("confsync: " + oneLine(e));
            if (debug) {
                e.printStackTrace(err);
            }
            return ExitCode.of(e);
        }

        @Override
        public int handleParseException(CommandLine.ParameterException e, String[] args) {
            err.println("confsync: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCode.USAGE;
        }
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            java.util.Properties p = new java.util.Properties();
            try (var in = Main.class.getResourceAsStream("build.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (java.io.IOException e) {
                // a build without the file says "unknown" below
            }
            String commit = known(p.getProperty("commit")) + ("true".equals(p.getProperty("dirty")) ? " (modified)" : "");
            return new String[] {"confsync " + known(p.getProperty("version")),
                "commit " + commit + ", built " + known(p.getProperty("built")),
                "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
        }

        /** A filtered value, or "unknown" where the build had none (no git directory, an IDE's own build). */
        private static String known(String v) {
            return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v;
        }
    }
}
