package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.conf.StateException;
import io.confsync.conf.SyncEntry;
import io.confsync.transfer.ssh.KnownHosts;
import io.confsync.transfer.ssh.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code confsync check}: what would stop this node's service from working, found before it is
 * restarted, each finding naming the config key and the fix. The files this node needs (identity
 * key and its mode, a known_hosts line for every other node, the state directory, the authorized
 * keys of an embedded receiver, the sync roots and hook programs), and, when asked, a read-only
 * session to every other node.
 */
public final class Checkup {

    /** How bad a finding is: OK, a warning that stops nothing, or a failure that stops the service. */
    public enum Level { OK, WARN, FAIL }

    /**
     * One finding.
     *
     * @param level   how bad
     * @param subject the config key and path, or the node, it is about
     * @param text    what was found, and for WARN and FAIL what to do
     */
    public record Finding(Level level, String subject, String text) {
    }

    private static final Set<PosixFilePermission> OTHERS = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Config config;
    private final List<Finding> findings = new ArrayList<>();

    private Checkup(Config config) {
        this.config = config;
    }

    /** Everything this node can check without a connection, in a fixed order. */
    public static List<Finding> local(Config c) {
        Checkup k = new Checkup(c);
        k.identity();
        k.knownHosts();
        k.stateDir();
        k.authorizedKeys();
        k.sync();
        return List.copyOf(k.findings);
    }

    /**
     * A read-only session to every other node, at once: one finding per node, in the node list's order.
     *
     * @param acceptNew trust and record host keys not yet known (as {@code --accept-new-host-key})
     */
    public static List<Finding> connect(Config c, boolean acceptNew) throws InterruptedException {
        List<Node> others = c.nodes().stream().filter(n -> !n.name().equals(c.node())).toList();
        List<Finding> out = new ArrayList<>();
        List<Probe.Visit<Void>> visits;
        try {
            visits = new Probe(c, acceptNew, StateFence.standing(ownState(c))).visit(others, s -> null);
        } catch (IOException e) {
            for (Node n : others) {
                out.add(new Finding(Level.FAIL, where(n), "not tried: " + e.getMessage()));
            }
            return out;
        }
        for (Probe.Visit<Void> v : visits) {
            out.add(v.reachable()
                    ? new Finding(Level.OK, where(v.node()), "answers: epoch " + v.hello().epoch() + ", source "
                        + (v.hello().source().isEmpty() ? "none yet" : v.hello().source()) + ", seq " + v.hello().seq()
                        + (v.hello().lastError().isEmpty() ? "" : "; last error: " + v.hello().lastError()))
                    : new Finding(Level.FAIL, where(v.node()), v.error()));
        }
        return out;
    }

    private static String where(Node n) {
        return n.name() + " (" + n.address() + ":" + n.port() + ", " + n.transport().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    private static ClusterState ownState(Config c) {
        try {
            return SourceClaim.store(c).read();
        } catch (StateException e) {
            return ClusterState.fresh(c.cluster());
        }
    }

    private void add(Level level, String subject, String text) {
        findings.add(new Finding(level, subject, text));
    }

    /** Every node may be promoted, so every node needs the key it would push with. */
    private void identity() {
        Path key = config.keyFile(config.ssh().identity());
        String subject = "ssh.identity " + key;
        if (!Files.exists(key)) {
            add(Level.FAIL, subject, "missing: create it with 'confsync keygen -f " + key + "', then run 'confsync "
                    + "trust' on the source, which gathers every node's key for the others");
            return;
        }
        String mode = mode(key);
        if (mode != null && !java.util.Collections.disjoint(perms(key), OTHERS)) {
            add(Level.FAIL, subject, "mode " + mode + ": a private key must be readable by its owner only; "
                    + "chmod 600 " + key);
            return;
        }
        try {
            KeyPair pair = SshKeys.read(key);
            add(Level.OK, subject, SshKeys.publicLine(pair.getPublic()).split(" ", 2)[0] + " key "
                    + SshKeys.fingerprint(pair.getPublic()) + (mode == null ? "" : ", mode " + mode));
        } catch (IOException | RuntimeException e) {
            add(Level.FAIL, subject, e.getMessage() + "; replace it with one from 'confsync keygen'");
        }
    }

    private void knownHosts() {
        Path file = config.keyFile(config.ssh().knownHosts());
        String subject = "ssh.known-hosts " + file;
        List<Node> others = config.nodes().stream().filter(n -> !n.name().equals(config.node())).toList();
        if (others.isEmpty()) {
            return;
        }
        KnownHosts known = new KnownHosts(file, false);
        List<String> missing = new ArrayList<>();
        try {
            for (Node n : others) {
                if (known.keyTypes(n.address(), n.port()).isEmpty()) {
                    missing.add(n.name() + " (" + KnownHosts.hostPattern(n.address(), n.port()) + ")");
                }
            }
        } catch (IOException | RuntimeException e) {
            add(Level.FAIL, subject, "cannot be read: " + e.getMessage());
            return;
        }
        if (missing.isEmpty()) {
            add(Level.OK, subject, "a host key for each of the " + others.size() + " other nodes");
        } else {
            add(Level.FAIL, subject, "no host key for " + String.join(", ", missing) + ": run 'confsync check "
                    + "--connect --accept-new-host-key' once and compare the fingerprints it logs with each "
                    + "node's 'ssh-keygen -lf' of its host key");
        }
    }

    private void stateDir() {
        Path dir = Wiring.stateDir(config);
        String subject = "state-dir " + dir;
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent != null && Files.isWritable(parent)) {
                add(Level.OK, subject, "created (mode 0700) when first needed");
            } else {
                add(Level.FAIL, subject, "missing, and " + parent + " is not writable by this user: create it "
                        + "with 'install -d -m 0700 " + dir + "'");
            }
            return;
        }
        if (!Files.isDirectory(dir)) {
            add(Level.FAIL, subject, "not a directory");
            return;
        }
        if (!Files.isWritable(dir)) {
            add(Level.FAIL, subject, "not writable by this user: run confsync as the directory's owner, or chown it");
            return;
        }
        String mode = mode(dir);
        if (mode != null && !java.util.Collections.disjoint(perms(dir), OTHERS)) {
            add(Level.WARN, subject, "mode " + mode + ": it holds backups of the sync set, private keys among "
                    + "them; chmod 700 " + dir);
            return;
        }
        ClusterState s = ownState(config);
        add(Level.OK, subject, (mode == null ? "" : "mode " + mode + "; ") + (s.epoch() == 0
                ? "no epoch yet (" + (config.clusterView().selfIsBootstrapSource() ? "this node bootstraps as the source"
                    : "this node waits for the source") + ")"
                : "epoch " + s.epoch() + ", source " + s.source() + ", seq " + s.seq()));
    }

    /** An embedded receiver (confsync serve) takes only the keys in serve.authorized-keys. */
    private void authorizedKeys() {
        if (config.clusterView().selfNode().transport() != Node.Transport.EMBEDDED) {
            return;
        }
        Path file = config.keyFile(config.serve().authorizedKeys());
        String subject = "serve.authorized-keys " + file;
        try {
            long keys = Files.exists(file) ? Files.readAllLines(file).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).count() : -1;
            if (keys <= 0) {
                add(Level.FAIL, subject, (keys < 0 ? "missing" : "empty") + ": 'confsync serve' would accept no "
                        + "source; add the source's public line (its ssh.identity's .pub file); 'confsync trust' on the "
                        + "source then gathers the other nodes' keys");
            } else {
                add(Level.OK, subject, keys + " key" + (keys == 1 ? "" : "s"));
            }
        } catch (IOException e) {
            add(Level.FAIL, subject, "cannot be read: " + e.getMessage());
        }
    }

    private void sync() {
        Path base = Wiring.base(config);
        for (SyncEntry e : config.sync()) {
            Path p = base.resolve(e.path().substring(1));
            String subject = "sync " + e.path();
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                add(Level.WARN, subject, "missing on this node: a source holds back its deletes until it is "
                        + "there again; a standby gets it from the source");
            } else {
                add(Level.OK, subject, Files.isDirectory(p) ? "directory" : "file");
            }
            if (e.onChange() != null) {
                String program = e.onChange().strip().split("\\s+", 2)[0];
                if (!onPath(program)) {
                    add(Level.WARN, subject, "on-change program '" + program + "' is not found on this node's "
                            + "PATH; the hook would fail here");
                }
            }
        }
    }

    /** Whether a hook's first word names a program this node can run (shell words and builtins count as found). */
    static boolean onPath(String program) {
        if (program.isEmpty() || !program.matches("[\\w./+-]+") || Set.of("cd", "test", "[", "true", "exec")
                .contains(program)) {
            return true; // shell syntax the check does not read
        }
        if (program.contains("/")) {
            return Files.isExecutable(Paths.get(program));
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Set<PosixFilePermission> perms(Path p) {
        try {
            return Files.getPosixFilePermissions(p);
        } catch (IOException | UnsupportedOperationException e) {
            return Set.of();
        }
    }

    /** {@code 0600}, or null where the file system has no POSIX modes. */
    private static String mode(Path p) {
        try {
            Set<PosixFilePermission> s = Files.getPosixFilePermissions(p);
            int m = 0;
            for (PosixFilePermission bit : s) {
                m |= 0400 >> bit.ordinal();
            }
            return String.format("%04o", m);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
