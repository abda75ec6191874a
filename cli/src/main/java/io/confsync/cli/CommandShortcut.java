package io.confsync.cli;

import io.confsync.conf.ConfigLoader;
import io.confsync.transfer.handoff.CommandClient;
import io.confsync.transfer.handoff.CommandRequest;
import io.confsync.transfer.handoff.CommandSocket;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code audit}, {@code status --live}, {@code role}, {@code sync} (cluster mode, {@code --dry-run} too) and
 * {@code promote} handed to the node's running service ({@code confsync run}) before picocli, logging and the
 * YAML parser are loaded: the service runs them in its warm JVM ({@link HandedOffCommands}), on its open
 * sessions, and this process only copies what they print and exits with their code; closing it
 * (Ctrl-C) breaks the command off. The service takes them only from its own user and only while it runs with the
 * configuration file this process read (the same fingerprint); otherwise, with no service, or with
 * {@code CONFSYNC_IN_PROCESS=1} or {@code CONFSYNC_NODE} in the environment, the command runs here as before.
 */
final class CommandShortcut {

    /** Asking for these is answered here: help and version need no service. */
    private static final Set<String> LOCAL = Set.of("-h", "--help", "-V", "--version");

    private CommandShortcut() {
    }

    /**
     * Whether the service runs this command line for a client: the cluster commands, which gain
     * from its warm JVM and open sessions. Not local mode ({@code sync --from}), and not with
     * {@code --debug}, whose lines below the service's own level would be lost in it.
     */
    static boolean takes(String[] args) {
        List<String> line = List.of(args);
        if (args.length == 0 || line.stream().anyMatch(LOCAL::contains) || line.contains("--debug")) {
            return false;
        }
        return switch (args[0]) {
            case "audit", "role", "promote" -> true;
            case "status" -> line.contains("--live");
            case "sync" -> line.stream().noneMatch(a -> a.equals("--from") || a.startsWith("--from="));
            default -> false;
        };
    }

    /**
     * Runs the command in the service if it takes it.
     *
     * @return the exit code if the service ran it (or the connection broke meanwhile), empty to run it here
     */
    static OptionalInt run(String[] args, PrintStream out, PrintStream err) {
        String inProcess = System.getenv("CONFSYNC_IN_PROCESS");
        String node = System.getenv("CONFSYNC_NODE"); // the service's environment would not have the client's
        if (!takes(args) || inProcess != null && !inProcess.isBlank() || node != null && !node.isBlank()) {
            return OptionalInt.empty();
        }
        ShortcutArgs parsed = ShortcutArgs.of(args);
        Path socket;
        String fingerprint;
        CommandRequest request;
        try {
            Path config = parsed.configFile().toAbsolutePath();
            byte[] bytes = Files.readAllBytes(config);
            Path dir = parsed.stateDir() != null ? parsed.stateDirOption() : RelayShortcut.stateDir(bytes);
            if (dir == null) {
                return OptionalInt.empty();
            }
            socket = dir.resolve(CommandSocket.FILE_NAME);
            fingerprint = ConfigLoader.fingerprint(bytes);
            Path stateDir = parsed.stateDirOption();
            request = new CommandRequest(config.toString(), stateDir == null ? "" : stateDir.toString(), List.of(args));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // the normal way reports it properly
        }
        try {
            CommandClient.Outcome o = CommandClient.offer(socket, fingerprint, request, out, err);
            if (o instanceof CommandClient.Outcome.NotTaken n && n.why() != null) {
                err.println("confsync: not handed to the running service (" + n.why() + "); running in this process");
            }
            return o instanceof CommandClient.Outcome.Ran r ? OptionalInt.of(r.code()) : OptionalInt.empty();
        } catch (IOException e) {
            err.println("confsync: the command handed to the running service broke: " + e.getMessage());
            return OptionalInt.of(ExitCode.ERROR);
        }
    }
}
