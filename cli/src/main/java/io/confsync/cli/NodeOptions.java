package io.confsync.cli;

import io.confsync.conf.NodeChoice;
import picocli.CommandLine.Option;

/**
 * The common options and {@code --node}: which node of the list this one is, for a configuration
 * file that is the same on every node. {@code audit} takes {@link CommonOptions} alone: its
 * {@code --node} names the nodes it audits.
 */
public final class NodeOptions extends CommonOptions {

    @Option(names = "--node", paramLabel = "NODE",
            description = "This node's name in the node list (default: $CONFSYNC_NODE, else the config's 'node:', "
                    + "else the node whose name is this host's name, else the one whose address is this host's).")
    String node;

    /** The options of a command run in its own process. */
    public NodeOptions() {
        super();
    }

    /** The options of a command the service runs for a client. */
    NodeOptions(HandedOffCommands.Resolved handedOff) {
        super(handedOff);
    }

    @Override
    NodeChoice nodeChoice() {
        return node != null ? new NodeChoice(node, "--node") : super.nodeChoice();
    }
}
