package io.confsync.transfer.session;

import io.confsync.manifest.PathRules;
import io.confsync.transfer.apply.ApplyOptions;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.nio.file.Path;
import java.util.Set;

/**
 * Everything a receiver needs, as plain values (the transfer module reads no configuration file).
 *
 * @param cluster     the cluster name a sender must present
 * @param node        this node's name
 * @param senders     node names allowed to push
 * @param base        this node's base directory (its {@code root})
 * @param rules       this node's own sync roots: the only places it writes
 * @param stateDir    hash cache, backups, lock
 * @param backupsKeep batches of backups kept
 * @param apply       ownership, mass-delete guard, file size limit (force comes from the batch)
 * @param maxBatch    most content bytes one batch may carry
 * @param limits      codec limits
 * @param hooks       on-change hooks run after committed batches
 * @param local       watches this node's roots during a session to detect drift; null for none
 * @param fence       the source rule: this node's epoch, admission of senders
 * @param batchLimits what one batch may make this node hold, and for how long
 * @param config      judges and installs the cluster configuration the source offers
 */
public record ReceiverSettings(String cluster, String node, Set<String> senders, Path base, PathRules rules,
                               Path stateDir, int backupsKeep, ApplyOptions apply, long maxBatch,
                               ProtocolLimits limits, java.util.List<io.confsync.transfer.hook.Hook> hooks,
                               java.util.function.Supplier<LocalChanges> local, Fence fence, BatchLimits batchLimits,
                               ConfigKeeper config) {

    /** Copies the set. */
    public ReceiverSettings {
        senders = Set.copyOf(senders);
        hooks = java.util.List.copyOf(hooks);
    }

    /** With the default batch limits, taking no configuration from the source. */
    public ReceiverSettings(String cluster, String node, Set<String> senders, Path base, PathRules rules,
                            Path stateDir, int backupsKeep, ApplyOptions apply, long maxBatch, ProtocolLimits limits,
                            java.util.List<io.confsync.transfer.hook.Hook> hooks,
                            java.util.function.Supplier<LocalChanges> local, Fence fence) {
        this(cluster, node, senders, base, rules, stateDir, backupsKeep, apply, maxBatch, limits, hooks, local, fence,
                BatchLimits.DEFAULT, ConfigKeeper.NONE);
    }
}
