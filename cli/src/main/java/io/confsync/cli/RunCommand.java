package io.confsync.cli;

import io.confsync.conf.Config;
import io.confsync.conf.Units;
import io.confsync.service.ConfigReload;
import io.confsync.service.NodeService;
import io.confsync.service.Notify;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync run}: the live service, as systemd runs it. */
@Command(name = "run",
        header = "The live service: push every change of the sync set to the standbys as it happens.",
        mixinStandardHelpOptions = true,
        description = {"Keep the standbys identical to this node, the source, in real time: watch the sync set "
                + "(inotify, including writes through mmap and attribute changes), wait for changes to settle "
                + "(watch.settle, 20 ms, and until no file is still open for writing; at most watch.max-delay or "
                + "watch.max-write-wait), rescan what changed with the hash cache, and push to every standby over "
                + "one long-lived SSH session each; deletes held back by a guard are reported, the rest goes. A standby that is down "
                + "is retried with exponential backoff (0.5 s doubling to 30 s, with jitter) and caught up when it "
                + "comes back. Every --reconcile period everything is rescanned and compared again.",
            "Only the source pushes: the first node of the list at bootstrap, later whichever node was promoted. "
                + "On any other node the service waits, checking STATE-DIR/cluster-state every second, and starts "
                + "pushing once 'confsync promote' made this node the source. A source that a standby refuses for "
                + "a newer epoch steps down by itself and waits likewise.",
            "On every node it also listens on STATE-DIR/receiver.sock (mode 0600): a 'confsync receive --stdio' "
                + "that sshd starts for a push to this node hands its session to this service when both run as the "
                + "same user with the same configuration file, which saves a JVM start-up per session.",
            "SIGHUP (systemctl reload confsync) reads the configuration again between batches: a new node is "
                + "joined, a removed one let go, new sync entries, hooks and limits apply once the batches in flight "
                + "have finished; a file that does not validate is refused (logged with its file:line:col, shown by "
                + "'status') and the service goes on with the old one.",
            "State goes to STATE-DIR/status.json (see 'confsync status'). Under systemd (Type=notify) it reports "
                + "READY=1 once watching, STATUS= lines and WATCHDOG=1 pings. SIGTERM or Ctrl-C finishes the batch "
                + "in flight and exits 0."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--reconcile", paramLabel = "DURATION", defaultValue = "5m",
            description = "Period of the full rescan and manifest comparison (default: ${DEFAULT-VALUE}).")
    String reconcile;

    @Mixin
    HostKeyOption hostKeys;

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging(ch.qos.logback.classic.Level.INFO);
        Config config = common.loadConfig();
        Duration every = Units.duration(reconcile);
        ConfigReload configs = new ConfigReload(config, common::loadConfig, java.time.Clock.systemUTC());
        ServiceSignals.install(configs);
        PrintWriter err = spec.commandLine().getErr();
        NodeService node = new NodeService(configs, every, hostKeys.acceptNew, Notify.fromEnvironment(), err::println);
        node.showingFirstSync(standbys -> io.confsync.cli.print.TerminalProgress.start("initial sync", standbys))
                .answeringCommands(new HandedOffCommands(node.connectors()))
                .run();
        return ExitCode.OK;
    }
}
