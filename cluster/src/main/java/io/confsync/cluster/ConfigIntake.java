package io.confsync.cluster;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigException;
import io.confsync.conf.ConfigLoader;
import io.confsync.conf.Node;
import io.confsync.conf.NodeChoice;
import io.confsync.conf.ThisHost;
import io.confsync.manifest.Durable;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.apply.BackupStore;
import io.confsync.transfer.protocol.ClusterFiles;
import io.confsync.transfer.session.ConfigKeeper;
import io.confsync.transfer.session.ReceiverSettings;
import io.confsync.transfer.ssh.ClusterKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A standby's judgement of the cluster configuration its source offers, and its installation. The
 * offered file must validate here as at start, as this same node of the same cluster, and leave
 * what a standby owns as it is: its {@code root} (nothing from the source may move or widen where
 * this node writes) and its state directory (its epoch and backups). A standby whose own file
 * names it ({@code node:}) keeps that file: it is the node's own, not the cluster's. A file that
 * removes this node from the list is refused: a node leaves by an operator's hand on it. A valid
 * file replaces this node's atomically, with its mode and owner, the old one kept in the backups
 * as any file a batch replaces; then {@code installed} is told (a service reloads). The key files
 * the source carries with it ({@code ssh.known-hosts}, {@code serve.authorized-keys}: every node's
 * host key and public key, so that any node can be promoted) must parse as such files, and land at
 * this node's own paths for them in the same way.
 */
final class ConfigIntake implements ConfigKeeper {

    private static final java.time.Clock CLOCK = java.time.Clock.systemUTC();
    private static final String KNOWN_HOSTS = "ssh.known-hosts";

    private final Config current;
    private final Function<Config, ReceiverSettings> settings;
    private final Runnable installed;

    /**
     * @param current   the configuration this node runs with
     * @param settings  the receiver settings of a configuration (for the rest of the session)
     * @param installed told after a new file is in place
     */
    ConfigIntake(Config current, Function<Config, ReceiverSettings> settings, Runnable installed) {
        this.current = current;
        this.settings = settings;
        this.installed = installed;
    }

    @Override
    public Verdict offer(ClusterFiles files) throws IOException {
        Path file = Paths.get(current.file()).toAbsolutePath();
        byte[] text = files.config();
        boolean onDisk = Arrays.equals(text, Files.readAllBytes(file));
        boolean configSame = onDisk && ConfigLoader.fingerprint(text).equals(current.fingerprint());
        List<KeyFile> keys = changedKeys(current, files);
        if (configSame && keys.isEmpty()) {
            return new Verdict.Same();
        }
        if (current.namesNode()) {
            return new Verdict.Refused(current.node() + " keeps its own file (" + current.file() + " names it with "
                    + "'node:'); remove that key there to take the cluster's");
        }
        Config next = current;
        if (!configSame) {
            try {
                next = new ConfigLoader(current.file(), new NodeChoice(current.node(), "this standby"),
                        () -> ThisHost.named(current.node()), ThisHost::resolve)
                        .load(new String(text, StandardCharsets.UTF_8)).withStateDir(current.stateDir());
            } catch (ConfigException e) {
                // The message names this node's file, which still holds the old text: it is the offered one's.
                return new Verdict.Refused("it does not validate on " + current.node() + ": " + e.getMessage()
                        .replace(current.file() + ":", "offered " + file.getFileName() + ":"));
            }
            String why = unfit(next);
            if (why != null) {
                return new Verdict.Refused(why);
            }
            keys = changedKeys(next, files); // the new file may put its key files elsewhere
        }
        for (KeyFile k : keys) {
            String why = k.problem();
            if (why != null) {
                return new Verdict.Refused("its " + k.key() + " " + why);
            }
        }
        Map<Path, byte[]> writes = new LinkedHashMap<>();
        if (!onDisk) {
            writes.put(file, text);
        }
        keys.forEach(k -> writes.put(k.path(), k.offered()));
        install(current, writes, "replaced cluster file");
        if (!configSame) {
            installed.run();
        }
        return new Verdict.Installed(settings.apply(next));
    }

    @Override
    public String identity() {
        return ClusterKeys.identityLine(current.keyFile(current.ssh().identity()));
    }

    /**
     * A key file the source offers that differs from this node's.
     *
     * @param key     its configuration key, for messages
     * @param path    where it is on this node
     * @param offered its offered bytes
     */
    private record KeyFile(String key, Path path, byte[] offered) {
        String problem() {
            String text = new String(offered, StandardCharsets.UTF_8);
            return key.equals(KNOWN_HOSTS) ? ClusterKeys.knownHostsProblem(text) : ClusterKeys.authorizedKeysProblem(text);
        }
    }

    /** The offered key files that differ from those at {@code c}'s paths; an empty offer is none. */
    private static List<KeyFile> changedKeys(Config c, ClusterFiles files) throws IOException {
        List<KeyFile> out = new ArrayList<>();
        for (KeyFile k : List.of(new KeyFile(KNOWN_HOSTS, c.keyFile(c.ssh().knownHosts()), files.knownHosts()),
                new KeyFile("serve.authorized-keys", c.keyFile(c.serve().authorizedKeys()), files.authorizedKeys()))) {
            if (k.offered().length > 0 && !(Files.exists(k.path()) && Arrays.equals(k.offered(), Files.readAllBytes(k.path())))) {
                out.add(k);
            }
        }
        return out;
    }

    /** Why a valid file may not replace this node's; null if it may. */
    private String unfit(Config next) {
        if (next.namesNode()) {
            return "it names a node ('node: " + next.node() + "'): a file for the whole cluster names none";
        }
        if (!next.cluster().equals(current.cluster())) {
            return "it is cluster '" + next.cluster() + "'s, " + current.node() + " is in '" + current.cluster() + "'";
        }
        Node before = current.clusterView().selfNode();
        Node after = next.clusterView().selfNode();
        if (!Objects.equals(before.root(), after.root())) {
            return "it moves " + current.node() + "'s root from " + before.root() + " to " + after.root()
                    + "; a standby's root is its own: change it on " + current.node();
        }
        if (!next.fileStateDir().equals(current.fileStateDir())) {
            return "it moves " + current.node() + "'s state-dir from " + current.fileStateDir() + " to "
                    + next.fileStateDir() + "; change it on " + current.node();
        }
        return null;
    }

    /**
     * Replaces files of this node's own (its configuration and key files), the old ones kept in its
     * backups first (one batch): each takes the mode and owner of the one it replaces; a key file that
     * did not exist is created with the default mode.
     *
     * @param why what the backups say of them
     */
    static void install(Config c, Map<Path, byte[]> writes, String why) throws IOException {
        BackupStore.Batch backup = new BackupStore(Wiring.stateDir(c).resolve("backups"), c.backupsKeep(), CLOCK)
                .begin();
        List<Path> copies = new ArrayList<>();
        for (Path p : writes.keySet()) {
            if (Files.exists(p)) {
                copies.add(backup.save(RelPath.ofAbsolute(p.toAbsolutePath().toString()), p, why));
            }
        }
        Durable.forceAll(copies);
        backup.finish();
        for (Map.Entry<Path, byte[]> w : writes.entrySet()) {
            if (Files.exists(w.getKey())) {
                Durable.replaceKeepingAttributes(w.getKey(), w.getValue());
            } else {
                Files.createDirectories(w.getKey().toAbsolutePath().getParent());
                Durable.replace(w.getKey(), w.getValue());
            }
        }
    }
}
