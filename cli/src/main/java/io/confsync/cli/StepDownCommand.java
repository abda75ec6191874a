package io.confsync.cli;

import io.confsync.cluster.SourceClaim;
import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Units;
import io.confsync.manifest.FileMutex;
import io.confsync.service.SyncService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync step-down}: an HA manager's demote; this node stops pushing until a promote. */
@Command(name = "step-down",
        header = "Stop being the source (an HA manager's demote): no more pushes from this node until a promote.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mark this node's epoch as stepped down in STATE-DIR/cluster-state (fsynced): this node, "
                + "the source, pushes no more until a promote opens a newer epoch, here or on another node. Its "
                + "running service finishes the batches in flight and stops pushing within a second; this command "
                + "waits until it has (it takes the lock the pushing service holds, STATE-DIR/pushing.lock). On a "
                + "node that is not the source it changes nothing. The Pacemaker agent's demote and keepalived's "
                + "BACKUP and FAULT run it.",
            "Exit 0 when this node pushes no more, 2 if its service still pushed after --wait."})
final class StepDownCommand implements Callable<Integer> {

    @Option(names = "--wait", paramLabel = "DURATION", description = "How long to wait for the running service to "
            + "stop pushing (default: ${DEFAULT-VALUE}).", defaultValue = "60s")
    String wait;

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        Duration bound = Units.duration(wait);
        PrintWriter out = spec.commandLine().getOut();
        SourceClaim claim = new SourceClaim(config);
        // current(), not peek(): a fresh first node of a node list that is not managed takes its
        // bootstrap epoch here, stepped down, instead of bootstrapping as the source when its run starts.
        ClusterState before = claim.current();
        ClusterState after = claim.stepDownOnRequest();
        Optional<FileMutex> idle = FileMutex.tryAcquire(SyncService.pushingLock(config), bound);
        if (idle.isEmpty()) {
            spec.commandLine().getErr().println("confsync: " + config.node() + "'s service still pushes after "
                    + wait + " (a batch in flight?); run step-down again, or stop the service");
            return ExitCode.ERROR;
        }
        idle.get().close();
        if (before.isSource(config.node())) {
            out.println(config.node() + " stepped down as the source of epoch " + after.epoch() + " (seq "
                    + after.seq() + "); it pushes again after a promote");
        } else {
            out.println(config.node() + " is not the source: " + claim.notSource(after) + "; nothing to do");
        }
        return ExitCode.OK;
    }
}
