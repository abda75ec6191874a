package io.confsync.cli;

import io.confsync.cluster.SourceClaim;
import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code confsync role}: this node's role from its durable state, one line for scripts. */
@Command(name = "role",
        header = "Print this node's role from its durable state, in one line for scripts (HA agents).",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print this node's role as STATE-DIR/cluster-state has it, without asking any other node: "
                + "one line, 'ROLE epoch N seq N source NAME service up|down', ROLE one of: source (this node "
                + "pushes), stepped-down (it was the source of this epoch and stepped down), standby (another node "
                + "is the source, or none yet), contested (this node and another both claimed this epoch: split "
                + "brain). 'service up' when this node's 'confsync run' answered (the command is handed to it, as "
                + "audit is), 'down' when it runs in a process of its own. Changes nothing: a fresh first node is "
                + "reported as the source it would bootstrap as.",
            "Exit 0, or 78 when the configuration or the state file is unusable."})
final class RoleCommand implements Callable<Integer> {

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        ClusterState s = new SourceClaim(config).peek();
        spec.commandLine().getOut().println(role(s, config.node()) + " epoch " + s.epoch() + " seq " + s.seq()
                + " source " + (s.source() == null ? "-" : s.source())
                + " service " + (common.inService() ? "up" : "down"));
        return ExitCode.OK;
    }

    static String role(ClusterState s, String self) {
        if (s.contender() != null && (self.equals(s.source()) || self.equals(s.contender()))) {
            return "contested";
        }
        if (s.isSource(self)) {
            return "source";
        }
        return s.steppedDown() && self.equals(s.source()) ? "stepped-down" : "standby";
    }
}
