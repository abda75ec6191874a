package io.confsync.cli;

import io.confsync.cli.print.AuditReport;
import io.confsync.cli.print.DiffPrinter;
import io.confsync.cluster.Audit;
import io.confsync.cluster.SourceClaim;
import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync audit}: configuration drift across the cluster, read-only. */
@Command(name = "audit",
        header = "Report configuration drift on every node: tables, JSON, monitoring exit codes.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare every standby's sync set with the source's and report drift per node: missing, "
                + "extra, type, content, mode, owner/group (when run as root, as sync copies them only then), "
                + "symlink target, extended attributes (xattr), ACLs (acl), hard links (link) and holes (sparse). "
                + "Manifests are fetched over the normal transport in read-only sessions (a node's "
                + "receiver refuses any change in them); this node's own by a local scan. Nothing is changed on "
                + "any node.",
            "Exit codes: 0 every node in sync, 1 drift found, 2 a node was unreachable or an error occurred. With "
                + "--nagios: one line, and 0 OK, 1 WARNING (drift), 2 CRITICAL (unreachable), 3 UNKNOWN (error)."})
final class AuditCommand implements Callable<Integer> {

    static final int NAGIOS_UNKNOWN = 3;

    @Option(names = "--node", paramLabel = "NODE", description = "Audit only this node (repeatable; default: every "
            + "node but the source).")
    List<String> only = new ArrayList<>();

    @Option(names = "--json", description = "Print the documented JSON document (README.md, 'audit --json').")
    boolean json;

    @Option(names = "--nagios", description = "Print one monitoring-plugin line (OK / WARNING / CRITICAL / UNKNOWN "
            + "with perfdata) and exit 0 / 1 / 2 / 3.")
    boolean nagios;

    @Option(names = "--diff", paramLabel = "PATH", description = "Show a unified diff of this file (absolute path) "
            + "between the source and each audited node. Files that look like secrets (private keys, shadow "
            + "files, mode 0600 or tighter) are not shown unless --show-secrets.")
    String diff;

    @Option(names = "--show-secrets", description = "Let --diff print files that look like secrets.")
    boolean showSecrets;

    @Mixin
    HostKeyOption hostKeys;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!nagios) {
            return audit(out);
        }
        try {
            return audit(out);
        } catch (Exception e) {
            out.println("CONFSYNC UNKNOWN - " + io.confsync.manifest.Reason.of(e));
            return NAGIOS_UNKNOWN;
        }
    }

    private int audit(PrintWriter out) throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        ClusterState state = SourceClaim.store(config).read();
        String source = Audit.sourceOf(state, config);
        List<Node> audited = new ArrayList<>();
        for (String name : only) {
            audited.add(config.clusterView().node(name).orElseThrow(() -> new ExitCode.UsageException(
                    "--node " + name + ": not in the node list of " + config.file())));
        }
        if (audited.isEmpty()) {
            config.nodes().stream().filter(n -> !n.name().equals(source)).forEach(audited::add);
        }
        io.confsync.transfer.session.Progress progress = common.progress(
                () -> io.confsync.cli.print.TerminalProgress.nodes("audit"));
        Audit.Result result;
        try {
            result = new Audit(config, hostKeys.acceptNew, common.connectors()).run(state, audited, progress);
        } finally {
            io.confsync.cli.print.TerminalProgress.finish(progress);
        }
        if (diff != null) {
            return new DiffPrinter(config, hostKeys.acceptNew, showSecrets).print(result, diff, out);
        }
        AuditReport report = new AuditReport(result, config.cluster());
        if (nagios) {
            report.nagios(out);
        } else if (json) {
            report.json(out);
        } else {
            report.table(out);
        }
        return ExitCode.of(result.verdict());
    }
}
