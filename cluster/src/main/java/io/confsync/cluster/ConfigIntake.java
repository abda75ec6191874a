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
import io.confsync.transfer.session.ConfigKeeper;
import io.confsync.transfer.session.ReceiverSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
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
 * as any file a batch replaces; then {@code installed} is told (a service reloads).
 */
final class ConfigIntake implements ConfigKeeper {

    private static final java.time.Clock CLOCK = java.time.Clock.systemUTC();

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
    public Verdict offer(byte[] text) throws IOException {
        Path file = Paths.get(current.file()).toAbsolutePath();
        boolean onDisk = java.util.Arrays.equals(text, java.nio.file.Files.readAllBytes(file));
        if (onDisk && ConfigLoader.fingerprint(text).equals(current.fingerprint())) {
            return new Verdict.Same();
        }
        if (current.namesNode()) {
            return new Verdict.Refused(current.node() + " keeps its own file (" + current.file() + " names it with "
                    + "'node:'); remove that key there to take the cluster's");
        }
        Config next;
        try {
            next = new ConfigLoader(current.file(), new NodeChoice(current.node(), "this standby"),
                    () -> ThisHost.named(current.node()), ThisHost::resolve)
                    .load(new String(text, StandardCharsets.UTF_8));
        } catch (ConfigException e) {
            // The message names this node's file, which still holds the old text: it is the offered one's.
            return new Verdict.Refused("it does not validate on " + current.node() + ": " + e.getMessage()
                    .replace(current.file() + ":", "offered " + file.getFileName() + ":"));
        }
        String why = unfit(next);
        if (why != null) {
            return new Verdict.Refused(why);
        }
        if (!onDisk) {
            install(file, text);
        }
        installed.run();
        return new Verdict.Installed(settings.apply(next.withStateDir(current.stateDir())));
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

    /** Replaces this node's file, the old one kept in the backups first. */
    private void install(Path file, byte[] text) throws IOException {
        BackupStore.Batch backup = new BackupStore(Wiring.stateDir(current).resolve("backups"),
                current.backupsKeep(), CLOCK).begin();
        Path copy = backup.save(RelPath.ofAbsolute(file.toString()), file, "replaced configuration");
        Durable.forceAll(java.util.List.of(copy));
        backup.finish();
        Durable.replaceKeepingAttributes(file, text);
    }
}
