package io.confsync.cluster;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import io.confsync.conf.Node;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.plan.DeleteGuard;
import io.confsync.transfer.apply.ApplyOptions;
import io.confsync.transfer.protocol.ProtocolLimits;
import io.confsync.transfer.session.LocalChanges;
import io.confsync.transfer.session.ReceiverSettings;
import io.confsync.transfer.ssh.ClientSettings;
import io.confsync.transfer.ssh.ServerSettings;
import io.confsync.transfer.ssh.SshTarget;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the configuration into the plain values the pipeline takes: the one place where config
 * keys meet the transfer module.
 */
public final class Wiring {

    private Wiring() {
    }

    /** This node's base directory (its {@code root}). */
    public static Path base(Config c) {
        return Paths.get(c.clusterView().selfNode().root());
    }

    /** The base directory of any node on this machine (tests and the demo run several). */
    public static Path base(Node n) {
        return Paths.get(n.root());
    }

    public static PathRules rules(Config c) {
        return ConfigLoader.rules(c);
    }

    /** The state directory (the configuration's, with the command line's override already applied). */
    public static Path stateDir(Config c) {
        return Paths.get(c.stateDir());
    }

    /** The mass-delete guard of {@code limits.max-delete-share}: a source holds deletes back by it, a receiver refuses by it. */
    public static DeleteGuard deleteGuard(Config c) {
        return new DeleteGuard(c.limits().maxDeleteShare());
    }

    /**
     * How this node, the source of {@code epoch}, pushes: its guards, and the configuration file it
     * offers to its standbys ({@link #clusterConfig}).
     */
    public static io.confsync.transfer.session.NodePush.Settings push(Config c, long epoch, boolean force,
                                                                        boolean dryRun) {
        return new io.confsync.transfer.session.NodePush.Settings(c.cluster(), c.node(), epoch, base(c),
                io.confsync.manifest.plan.PlanOptions.defaults().withDelete(c.delete())
                        .withKeepOwnership(keepOwnership()), force, dryRun, c.limits().maxBatchBytes(),
                ProtocolLimits.DEFAULT, guards(c), clusterConfig(c));
    }

    /**
     * The cluster files a source offers its standbys: its configuration file, when it is one file for
     * the whole cluster (no {@code node:} key) and still the text this process runs with (an edit not
     * yet reloaded is not offered), with its known_hosts and authorized keys (empty where missing).
     * Null when there is none to offer.
     */
    static io.confsync.transfer.protocol.ClusterFiles clusterConfig(Config c) {
        if (c.namesNode()) {
            return null;
        }
        try {
            byte[] text = java.nio.file.Files.readAllBytes(Paths.get(c.file()));
            return ConfigLoader.fingerprint(text).equals(c.fingerprint())
                    ? new io.confsync.transfer.protocol.ClusterFiles(text, bytesOrNone(c.keyFile(c.ssh().knownHosts())),
                            bytesOrNone(c.keyFile(c.serve().authorizedKeys())))
                    : null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable now: the standbys keep theirs
        }
    }

    /** A file's bytes; none if it is missing or unreadable. */
    private static byte[] bytesOrNone(Path file) {
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** What a source holds back from a plan: {@code limits.max-delete-share}, {@code limits.max-file-size}. */
    public static io.confsync.manifest.plan.Guards guards(Config c) {
        return new io.confsync.manifest.plan.Guards(deleteGuard(c), c.limits().maxFileSize());
    }

    /**
     * Ownership is kept when this process can give files away: as root, as a config pusher on real
     * nodes runs, or as a user holding CAP_CHOWN (the packaged {@code confsync serve} runs as the
     * {@code confsync} user with the file capabilities).
     */
    public static boolean keepOwnership() {
        return "root".equals(System.getProperty("user.name")) || hasCapability(0); // CAP_CHOWN
    }

    /** Whether this process's effective capability set (Linux, /proc/self/status) holds capability {@code bit}. */
    static boolean hasCapability(int bit) {
        try {
            for (String line : java.nio.file.Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return java.math.BigInteger.valueOf(Long.parseUnsignedLong(line.substring(7).strip(), 16))
                            .testBit(bit);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: only root keeps ownership
        }
        return false;
    }

    /**
     * This node's receiver settings; {@code local} makes the watch of a configuration's roots for
     * drift during a session; {@code installed} is told when the source's configuration replaced
     * this node's file ({@link ConfigIntake}).
     */
    public static ReceiverSettings receiver(Config c,
            java.util.function.Function<Config, java.util.function.Supplier<LocalChanges>> local, Runnable installed) {
        Set<String> senders = c.nodes().stream().map(Node::name).filter(n -> !n.equals(c.node()))
                .collect(Collectors.toSet());
        ApplyOptions apply = new ApplyOptions(keepOwnership(), false, deleteGuard(c), c.limits().maxFileSize());
        return new ReceiverSettings(c.cluster(), c.node(), senders, base(c), rules(c), stateDir(c),
                c.backupsKeep(), apply, c.limits().maxBatchBytes(), ProtocolLimits.DEFAULT, hooks(c, false),
                local.apply(c), new StateFence(SourceClaim.store(c)),
                new io.confsync.transfer.session.BatchLimits(c.limits().maxPlanActions(),
                        io.confsync.transfer.session.BatchLimits.DEFAULT.maxPlanBytes(),
                        c.limits().batchIdle(), c.limits().batchTime()),
                new ConfigIntake(c, next -> receiver(next, local, installed), installed));
    }

    /**
     * This node's receiver, with the temporaries of any interrupted batch already swept; as
     * {@link #receiver} says.
     *
     * @throws java.io.IOException if a root cannot be walked
     */
    public static io.confsync.transfer.session.Receiver startReceiver(Config c,
            java.util.function.Function<Config, java.util.function.Supplier<LocalChanges>> local, Runnable installed)
            throws java.io.IOException {
        var r = new io.confsync.transfer.session.Receiver(receiver(c, local, installed), java.time.Clock.systemUTC());
        r.sweep();
        return r;
    }

    /** The on-change hooks of the sync entries; with {@code localOnly}, those marked {@code local: true}. */
    public static java.util.List<io.confsync.transfer.hook.Hook> hooks(Config c, boolean localOnly) {
        return c.sync().stream().filter(e -> e.onChange() != null && (!localOnly || e.local()))
                .map(e -> new io.confsync.transfer.hook.Hook(io.confsync.manifest.RelPath.ofAbsolute(e.path()),
                        e.onChange(), e.onChangeTimeout())).toList();
    }

    public static ClientSettings client(Config c, boolean acceptNew) {
        return new ClientSettings(c.keyFile(c.ssh().identity()), c.keyFile(c.ssh().knownHosts()), acceptNew,
                c.ssh().connectTimeout(), c.ssh().connectTimeout(), c.ssh().idleTimeout(), c.ssh().keepalive());
    }

    /** The configured SSH client: MINA's in this JVM, or the system's OpenSSH ({@code ssh.client}). */
    public static io.confsync.transfer.ssh.Connector connector(Config c, boolean acceptNew) throws java.io.IOException {
        return c.ssh().openSsh() ? new io.confsync.transfer.ssh.OpenSshConnector(client(c, acceptNew), "ssh")
                : new io.confsync.transfer.ssh.SshConnector(client(c, acceptNew));
    }

    /**
     * The SSH client of a long-running service: as {@link #connector}, and with OpenSSH its pushes'
     * connections are control masters (sockets under the state directory's {@code ssh/}) that the
     * commands handed to the service join instead of connecting again. MINA's connector shares its
     * sessions in this JVM as it is.
     */
    public static io.confsync.transfer.ssh.Connector serviceConnector(Config c, boolean acceptNew)
            throws java.io.IOException {
        return c.ssh().openSsh()
                ? new io.confsync.transfer.ssh.OpenSshConnector(client(c, acceptNew), "ssh", stateDir(c).resolve("ssh"))
                : connector(c, acceptNew);
    }

    public static SshTarget target(Node n) {
        return new SshTarget(n.address(), n.port(), n.user(), n.transport() == Node.Transport.EXEC
                ? SshTarget.Transport.EXEC : SshTarget.Transport.EMBEDDED, n.command());
    }

    public static ServerSettings server(Config c) {
        Node self = c.clusterView().selfNode();
        String hostKey = c.serve().hostKey();
        return new ServerSettings(c.serve().listen() != null ? c.serve().listen() : self.address(),
                c.serve().port() != 0 ? c.serve().port() : self.port(),
                hostKey != null ? c.keyFile(hostKey) : stateDir(c).resolve("ssh_host_ed25519_key"),
                c.keyFile(c.serve().authorizedKeys()), c.serve().user(), c.serve().idleTimeout());
    }
}
