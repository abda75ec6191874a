package io.confsync.cli;

import io.confsync.cluster.Trust;
import io.confsync.conf.Config;
import io.confsync.transfer.ssh.ClusterKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync trust}: every node's key into the cluster's key files, on the source. */
@Command(name = "trust",
        header = "Gather every node's public key and this node's host key into the cluster's key files, for failover.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run on the source once every node has its key ('confsync keygen'). It asks each node, over "
                + "a session whose host key is already trusted here (ssh.known-hosts, or --accept-new-host-key), "
                + "for the public key of its ssh.identity, and adds every node's key that is missing to "
                + "serve.authorized-keys (with restrict,command=\"confsync receive --stdio\" in front, for sshd); "
                + "it adds this node's own host key (the embedded server's, or sshd's /etc/ssh/ssh_host_*_key.pub) "
                + "to ssh.known-hosts, whose other lines are the host keys trusted here. Nothing a node says about "
                + "a host key is believed. Replaced files go to the backups.",
            "The source's next push session carries both files to every standby with the configuration "
                + "('confsync sync', or 'systemctl reload confsync' where the service runs): after a promote, "
                + "any node reaches every other.",
            "Exit 0 when every node's key is in, 3 when a node could not tell its key (the others are added), "
                + "78 for a bad configuration."})
final class TrustCommand implements Callable<Integer> {

    @Option(names = {"-n", "--dry-run"}, description = "Show what would be added; write nothing.")
    boolean dryRun;

    @Mixin
    HostKeyOption hostKeys;

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        PrintWriter out = spec.commandLine().getOut();
        Trust.Result r = new Trust(config, Trust.SSHD_KEYS).run(hostKeys.acceptNew, dryRun);
        out.printf("%-20s %s%n", "NODE", "KEY");
        for (Trust.Gathered g : r.nodes()) {
            String name = g.node().name() + (g.node().name().equals(config.node()) ? " (here)" : "");
            out.printf("%-20s %s%n", name, g.key() != null ? ClusterKeys.describe(g.key()) : "NONE: " + g.error());
        }
        String would = dryRun ? "would add " : "added ";
        out.println(r.authorizedKeys() + ": " + (r.keysAdded() == 0 ? "has every key gathered"
                : would + r.keysAdded() + " key" + (r.keysAdded() == 1 ? "" : "s")));
        out.println(r.knownHosts() + ": " + (r.hostKeys().isEmpty() ? "NO host key of " + config.node()
                + " found (start 'confsync serve' once, or check sshd's host keys)"
                : r.knownHostsAdded() ? would + config.node() + "'s host key" + (r.hostKeys().size() == 1 ? "" : "s")
                : "has " + config.node() + "'s host key" + (r.hostKeys().size() == 1 ? "" : "s")));
        if (!dryRun && (r.keysAdded() > 0 || r.knownHostsAdded())) {
            out.println("confsync: the next push carries them to the standbys: run 'confsync sync' (or 'systemctl "
                    + "reload confsync' where the service runs)");
        }
        return r.complete() ? ExitCode.OK : ExitCode.REFUSED;
    }
}
