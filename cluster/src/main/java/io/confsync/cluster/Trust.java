package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.transfer.ssh.ClusterKeys;
import io.confsync.transfer.ssh.KnownHosts;
import io.confsync.transfer.ssh.SshKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code confsync trust}: the source gathers what every node needs to reach every other after a
 * promote, into the cluster's key files that its sessions carry to the standbys. Every node's
 * public key ({@code ssh.identity}) is asked of it over a session whose host key this node already
 * trusts (recorded in {@code ssh.known-hosts} by the operator or by {@code --accept-new-host-key});
 * this node's own host key is read from its own disk. Nothing any node reports about a host key is
 * believed: the cluster's known_hosts is this node's confirmed lines plus its own key.
 */
public final class Trust {

    /** Where sshd keeps its host keys: this node's, for nodes reached through the exec transport. */
    public static final Path SSHD_KEYS = Path.of("/etc/ssh");

    /**
     * One node's public key.
     *
     * @param node      the node
     * @param key       its {@code ssh.identity} public line; null if it could not be had
     * @param error     why not, or null
     */
    public record Gathered(Node node, String key, String error) {
    }

    /**
     * What a trust run found and did.
     *
     * @param nodes           every node, this one first
     * @param hostKeys        this node's own host keys, as other nodes will see them
     * @param knownHosts      the cluster's known_hosts file (this node's {@code ssh.known-hosts})
     * @param knownHostsAdded whether it changed (or would, in a dry run)
     * @param authorizedKeys  the cluster's authorized keys file ({@code serve.authorized-keys})
     * @param keysAdded       how many node keys it gained (or would)
     */
    public record Result(List<Gathered> nodes, List<String> hostKeys, Path knownHosts, boolean knownHostsAdded,
                         Path authorizedKeys, int keysAdded) {
        /** True if every node's key and this node's host key are in. */
        public boolean complete() {
            return !hostKeys.isEmpty() && nodes.stream().allMatch(g -> g.key() != null);
        }
    }

    private final Config config;
    private final Path sshdKeys;

    /**
     * @param config   this node's configuration; this node must be the source
     * @param sshdKeys sshd's host key directory ({@link #SSHD_KEYS})
     */
    public Trust(Config config, Path sshdKeys) {
        this.config = config;
        this.sshdKeys = sshdKeys;
    }

    /**
     * Gathers and, unless {@code dryRun}, writes the two files (the old ones kept in the backups).
     *
     * @throws ClusterRefusal if this node is not the source
     * @throws IOException    if a file cannot be read or written
     * @throws io.confsync.conf.StateException if the state file is damaged
     */
    public Result run(boolean acceptNew, boolean dryRun) throws IOException, InterruptedException,
            io.confsync.conf.StateException {
        SourceClaim claim = new SourceClaim(config);
        ClusterState state = claim.require("run trust on the source: its sessions carry the key files", dryRun);
        List<Gathered> gathered = new ArrayList<>();
        Node self = config.clusterView().selfNode();
        String own = ClusterKeys.identityLine(config.keyFile(config.ssh().identity()));
        gathered.add(new Gathered(self, own.isEmpty() ? null : own, own.isEmpty() ? "no key at "
                + config.keyFile(config.ssh().identity()) + ": run 'confsync keygen' here" : null));
        List<Node> others = config.nodes().stream().filter(n -> !n.name().equals(config.node())).toList();
        for (Probe.Visit<String> v : new Probe(config, acceptNew, StateFence.standing(state))
                .visit(others, io.confsync.transfer.session.Sender::identity)) {
            gathered.add(!v.reachable() ? new Gathered(v.node(), null, v.error())
                    : v.value() == null ? new Gathered(v.node(), null, "speaks protocol " + v.hello().maxVersion()
                            + ", which cannot tell its key: upgrade confsync there")
                    : v.value().isEmpty() ? new Gathered(v.node(), null, "has no key: run 'confsync keygen' there")
                    : new Gathered(v.node(), v.value(), null));
        }
        List<String> hostKeys = ownHostKeys(self);

        Path knownHosts = config.keyFile(config.ssh().knownHosts());
        Path authorized = config.keyFile(config.serve().authorizedKeys());
        String hostsBefore = read(knownHosts);
        String hostsAfter = hostKeys.isEmpty() ? hostsBefore
                : ClusterKeys.withHost(hostsBefore, KnownHosts.hostPattern(self.address(), self.port()), hostKeys);
        String keysBefore = read(authorized);
        String keysAfter = ClusterKeys.withKeys(keysBefore, gathered.stream().filter(g -> g.key() != null)
                .map(g -> g.key() + " confsync@" + g.node().name()).toList());
        int added = (int) (keysAfter.lines().count() - keysBefore.lines().count());
        if (!dryRun) {
            write(knownHosts, hostsBefore, hostsAfter);
            write(authorized, keysBefore, keysAfter);
        }
        return new Result(gathered, hostKeys, knownHosts, !hostsAfter.equals(hostsBefore), authorized, added);
    }

    /**
     * This node's host keys as the others meet them: the embedded server's key, or sshd's public
     * keys for the exec transport. Empty if there is none yet.
     */
    private List<String> ownHostKeys(Node self) throws IOException {
        if (self.transport() == Node.Transport.EMBEDDED) {
            Path key = Wiring.server(config).hostKey();
            return Files.exists(key) ? List.of(SshKeys.publicLine(SshKeys.read(key).getPublic())) : List.of();
        }
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(sshdKeys)) {
            try (DirectoryStream<Path> keys = Files.newDirectoryStream(sshdKeys, "ssh_host_*_key.pub")) {
                for (Path p : keys) {
                    String[] f = Files.readString(p, StandardCharsets.UTF_8).strip().split("\\s+");
                    if (f.length >= 2) {
                        out.add(f[0] + " " + f[1]);
                    }
                }
            }
        }
        out.sort(null); // the same file on every run
        return out;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Replaces a key file when its text changes, the old one in the backups. */
    private void write(Path file, String before, String after) throws IOException {
        if (!after.equals(before)) {
            ConfigIntake.install(config, java.util.Map.of(file, after.getBytes(StandardCharsets.UTF_8)),
                    "replaced by confsync trust");
        }
    }
}
