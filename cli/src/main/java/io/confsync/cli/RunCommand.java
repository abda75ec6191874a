package io.confsync.cli;

import io.confsync.cluster.SourceClaim;
import io.confsync.cluster.Wiring;
import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.StateException;
import io.confsync.conf.Units;
import io.confsync.service.StandbyService;
import io.confsync.service.SyncService;
import io.confsync.watcher.ChangeSource;
import java.io.PrintWriter;
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
            "State goes to STATE-DIR/status.json (see 'confsync status'). SIGTERM or Ctrl-C finishes the batch "
                + "in flight and exits 0."})
final class RunCommand implements Callable<Integer> {

    /** How often a standby's service checks whether it was promoted. */
    private static final long STATE_POLL_MS = 1000;

    @Option(names = "--reconcile", paramLabel = "DURATION", defaultValue = "5m",
            description = "Period of the full rescan and manifest comparison (default: ${DEFAULT-VALUE}).")
    String reconcile;

    @Mixin
    HostKeyOption hostKeys;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        Duration every = Units.duration(reconcile);
        SourceClaim claim = new SourceClaim(config);
        Thread main = Thread.currentThread();
        Signal.handle(new Signal("TERM"), s -> main.interrupt());
        Signal.handle(new Signal("INT"), s -> main.interrupt());
        PrintWriter err = spec.commandLine().getErr();
        var handoff = handoff(config, err);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                awaitSourceRole(claim, config, err);
                if (!serveAsSource(config, every, err)) {
                    return ExitCode.OK;
                }
            }
            return ExitCode.OK;
        } catch (InterruptedException e) {
            return ExitCode.OK;
        } finally {
            if (handoff.isPresent()) {
                handoff.get().close();
            }
        }
    }

    /**
     * The handoff socket of the standby side, or empty after one line saying why not: the service
     * works without it, every session then costs a JVM of its own.
     */
    private static java.util.Optional<io.confsync.transfer.handoff.ServiceSocket> handoff(Config config,
                                                                                       PrintWriter err) {
        try {
            return java.util.Optional.of(StandbyService.open(config));
        } catch (java.io.IOException | RuntimeException e) {
            err.println("confsync: sessions from sshd will not be handed to this service ("
                    + StandbyService.socketFile(config) + ": " + e.getMessage() + ")");
            return java.util.Optional.empty();
        }
    }

    /** Waits, checking the cluster state every second, until this node is the source. */
    private static void awaitSourceRole(SourceClaim claim, Config config, PrintWriter err)
            throws InterruptedException, StateException {
        String said = null;
        while (true) {
            ClusterState s;
            try {
                s = claim.current();
            } catch (StateException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                throw e;
            }
            if (s.isSource(config.node())) {
                return;
            }
            String why = claim.notSource(s);
            if (!why.equals(said)) {
                err.println("confsync: " + why + "; waiting until this node is promoted (checked every second)");
                said = why;
            }
            Thread.sleep(STATE_POLL_MS);
        }
    }

    /** Runs the live service; true if it ended because this node stepped down, false when stopped. */
    private boolean serveAsSource(Config config, Duration every, PrintWriter err) throws Exception {
        SyncService service = new SyncService(config, ChangeSource.forBase(Wiring.base(config),
                Wiring.rules(config)), every, hostKeys.acceptNew);
        try {
            service.start();
            err.printf("confsync: %s is the source of %s; watching %d paths, %d standbys%n",
                    config.node(), config.cluster(), config.sync().size(), config.nodes().size() - 1);
            if (service.loop()) {
                err.println("confsync: stepped down; finishing batches in flight");
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            err.println("confsync: stopping: finishing batches in flight");
            return false;
        } finally {
            service.close();
        }
    }
}
