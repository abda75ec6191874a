package io.confsync.cli;

import io.confsync.cluster.Checkup;
import io.confsync.conf.Config;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync check}: the configuration and what it needs on this node, before a (re)start. */
@Command(name = "check",
        header = "Check the configuration, the files it names and, with --connect, every node, before a (re)start.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check the configuration and what this node's service needs, in the spirit of 'sshd -t' and "
                + "'nginx -t', before starting or reloading it: the file parses and validates; the SSH identity "
                + "(ssh.identity) exists, is a usable key and is readable by its owner only; ssh.known-hosts has a "
                + "key for every other node; the state directory is usable; an embedded receiver has "
                + "serve.authorized-keys; each sync path and on-change program is on this node. One line per "
                + "finding (ok, WARN, FAIL), naming the config key and the fix. Changes nothing (but see "
                + "--accept-new-host-key).",
            "Exit 0 when nothing FAILs, 78 when the configuration or a file it names must be fixed, 2 when "
                + "--connect could not reach or was refused by a node."})
final class CheckCommand implements Callable<Integer> {

    @Option(names = "--connect", description = "Also open a read-only session to every other node (the one "
            + "'status' and 'audit' use) and report each node's answer: epoch, source, seq, or why it failed.")
    boolean connect;

    @Mixin
    HostKeyOption hostKeys;

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig(); // a file that does not parse: its file:line:col, exit 78
        PrintWriter out = spec.commandLine().getOut();
        // Nodes first when host keys may be recorded: the known_hosts finding then reports the file as it is left.
        List<Checkup.Finding> nodes = connect ? Checkup.connect(config, hostKeys.acceptNew) : List.of();
        List<Checkup.Finding> local = Checkup.local(config);
        String file = common.configPath().toAbsolutePath().toString();
        out.printf("ok    config %s: cluster %s, this node %s, %d node%s, %d sync entr%s%n", file,
                config.cluster(), config.node(), config.nodes().size(), config.nodes().size() == 1 ? "" : "s",
                config.sync().size(), config.sync().size() == 1 ? "y" : "ies");
        print(out, local);
        print(out, nodes);
        long localFails = local.stream().filter(f -> f.level() == Checkup.Level.FAIL).count();
        long nodeFails = nodes.stream().filter(f -> f.level() == Checkup.Level.FAIL).count();
        long warnings = local.stream().filter(f -> f.level() == Checkup.Level.WARN).count();
        if (localFails + nodeFails == 0) {
            out.println("confsync: " + file + ": ok" + (warnings == 0 ? "" : " (" + warnings + " warning"
                    + (warnings == 1 ? "" : "s") + ")") + (connect ? "; every node answers" : ""));
            return ExitCode.OK;
        }
        out.println("confsync: " + file + ": " + (localFails + nodeFails) + " problem"
                + (localFails + nodeFails == 1 ? "" : "s") + " to fix (FAIL above)");
        return localFails > 0 ? ExitCode.CONFIG : ExitCode.ERROR;
    }

    private static void print(PrintWriter out, List<Checkup.Finding> findings) {
        for (Checkup.Finding f : findings) {
            String tag = switch (f.level()) {
                case OK -> "ok";
                case WARN -> "WARN";
                case FAIL -> "FAIL";
            };
            out.printf("%-5s %s: %s%n", tag, f.subject(), f.text());
        }
    }
}
