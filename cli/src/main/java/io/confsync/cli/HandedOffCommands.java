package io.confsync.cli;

import io.confsync.cluster.Probe;
import io.confsync.transfer.handoff.CommandRequest;
import io.confsync.transfer.handoff.CommandSocket;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import picocli.CommandLine;

/**
 * Runs, in the service, the one-shot commands that clients hand over ({@link CommandShortcut}):
 * the same picocli command as in a process of its own, with the configuration file and state
 * directory the client resolved, printing to the client's output and error, its log lines too.
 * Only the commands of {@link CommandShortcut#takes} are run.
 */
final class HandedOffCommands implements CommandSocket.Commands {

    /**
     * What the client resolved: its configuration file and {@code --state-dir} (null if none),
     * absolute; where the command's links come from, the service; and where its log lines go, the
     * client's stderr.
     */
    record Resolved(Path config, Path stateDir, Probe.Lent connectors, CommandLog.Sink log) {
    }

    private final Probe.Lent connectors;

    /** @param connectors the service's links to other nodes, lent to the commands */
    HandedOffCommands(Probe.Lent connectors) {
        this.connectors = connectors;
    }

    @Override
    public int run(CommandRequest request, PrintWriter out, PrintWriter err) {
        String[] args = request.args().toArray(String[]::new);
        if (!CommandShortcut.takes(args)) {
            err.println("confsync: the service does not run '" + String.join(" ", args) + "' for a client");
            return ExitCode.USAGE;
        }
        try (CommandLog.Sink log = CommandLog.forward(err)) {
            Resolved resolved = new Resolved(Paths.get(request.config()),
                    request.stateDir().isEmpty() ? null : Paths.get(request.stateDir()), connectors, log);
            return Main.run(args, out, err, new Factory(resolved));
        }
    }

    /**
     * Makes the commands' {@link CommonOptions} know the client's resolution. A named class, not a
     * lambda: picocli's interfaces are Java 5 bytecode (see {@link Main}'s error handler).
     */
    private record Factory(Resolved resolved) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == NodeOptions.class) {
                return cls.cast(new NodeOptions(resolved));
            }
            return cls == CommonOptions.class ? cls.cast(new CommonOptions(resolved))
                    : CommandLine.defaultFactory().create(cls);
        }
    }
}
