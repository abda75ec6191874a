package io.confsync.cli;

import io.confsync.conf.Config;
import io.confsync.conf.Units;
import io.confsync.watcher.DirectoryWatcherSource;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code confsync run}: the live service, as systemd runs it. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Keep the standbys identical to this node, the source, in real time: watch the sync set "
                + "(inotify), wait for changes to settle (10 ms; at most 1 s), rescan what changed with the hash "
                + "cache, and push to every standby over one long-lived SSH session each. A standby that is down "
                + "is retried with exponential backoff (0.5 s doubling to 30 s, with jitter) and caught up when it "
                + "comes back. Every --reconcile period everything is rescanned and compared again.",
            "State goes to STATE-DIR/status.json (see 'confsync status'). SIGTERM or Ctrl-C finishes the batch "
                + "in flight and exits 0."})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--reconcile", paramLabel = "DURATION", defaultValue = "5m",
            description = "Period of the full rescan and manifest comparison (default: ${DEFAULT-VALUE}).")
    String reconcile;

    @Option(names = "--accept-new-host-key", description = "Trust and record unknown standby host keys.")
    boolean acceptNewHostKey;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        if (!config.clusterView().selfIsBootstrapSource()) {
            throw new ExitCode.RefusedException("this node (" + config.node() + ") is a standby; the source is "
                    + config.clusterView().bootstrapSource().name() + ". On a standby run 'confsync serve' "
                    + "(embedded transport) or nothing (exec transport)");
        }
        Duration every = Units.duration(reconcile);
        SyncService service = new SyncService(config, common, new DirectoryWatcherSource(Wiring.base(config),
                Wiring.rules(config)), every, acceptNewHostKey);
        Thread main = Thread.currentThread();
        Signal.handle(new Signal("TERM"), s -> main.interrupt());
        Signal.handle(new Signal("INT"), s -> main.interrupt());
        service.start();
        spec.commandLine().getErr().printf("confsync: %s is the source of %s; watching %d paths, %d standbys%n",
                config.node(), config.cluster(), config.sync().size(), config.nodes().size() - 1);
        try {
            service.loop();
        } catch (InterruptedException e) {
            spec.commandLine().getErr().println("confsync: stopping: finishing batches in flight");
        } finally {
            service.close();
        }
        return ExitCode.OK;
    }
}
