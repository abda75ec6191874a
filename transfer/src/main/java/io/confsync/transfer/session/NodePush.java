package io.confsync.transfer.session;

import io.confsync.manifest.Manifest;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.plan.DeleteGuard;
import io.confsync.manifest.plan.Guards;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.manifest.plan.Planner;
import io.confsync.transfer.apply.TreeMirror;
import io.confsync.transfer.protocol.ClusterFiles;
import io.confsync.transfer.protocol.ProtocolLimits;
import io.confsync.transfer.protocol.RefusedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one standby over a link: hello, its manifest, a plan against the source's scan, then the
 * push. When a file changed on the source while it was sent (a {@code VERIFY} abort that a whole
 * resend did not cure), the source is scanned again and the push retried, a bounded number of times.
 */
public final class NodePush {

    private static final Logger LOG = LoggerFactory.getLogger(NodePush.class);
    private static final int ATTEMPTS = 3;

    /**
     * What a push needs besides the link.
     *
     * @param cluster    cluster name
     * @param self       this (source) node's name
     * @param epoch      the epoch this node is the source of
     * @param sourceBase the source's base directory
     * @param options    delete and ownership settings
     * @param force      override the guards
     * @param dryRun     plan only
     * @param maxBatch   most content bytes per batch
     * @param limits     codec limits
     * @param guards     what is held back: deletes above the mass-delete share (unless
     *                   {@code force}) and files above the size limit; everything else is pushed
     * @param clusterConfig the cluster's files (configuration, known_hosts, authorized keys), offered to
     *                   each standby first in a push session ({@link Sender#offerConfig}); null to offer none
     */
    public record Settings(String cluster, String self, long epoch, Path sourceBase, PlanOptions options,
                           boolean force, boolean dryRun, long maxBatch, ProtocolLimits limits, Guards guards,
                           ClusterFiles clusterConfig) {

        /** Offering no configuration. */
        public Settings(String cluster, String self, long epoch, Path sourceBase, PlanOptions options, boolean force,
                        boolean dryRun, long maxBatch, ProtocolLimits limits, Guards guards) {
            this(cluster, self, epoch, sourceBase, options, force, dryRun, maxBatch, limits, guards, null);
        }

        /** With the default guards (half of the target's files, 64 MiB files). */
        public Settings(String cluster, String self, long epoch, Path sourceBase, PlanOptions options, boolean force,
                        boolean dryRun, long maxBatch, ProtocolLimits limits) {
            this(cluster, self, epoch, sourceBase, options, force, dryRun, maxBatch, limits, Guards.DEFAULT);
        }

        /** The plan as it is pushed: what the guards hold back is left out and listed. */
        public Plan guarded(Plan plan, Manifest target) {
            return (force ? new Guards(new DeleteGuard(1), guards.maxFileSize()) : guards).hold(plan, target);
        }

        /**
         * Offers the cluster configuration on a push session just opened, if there is one to offer.
         *
         * @return why the standby refused it; null if it took it, had it, or none was offered
         * @throws IOException on a broken session
         */
        public String offerConfig(Sender sender, String node) throws IOException {
            if (clusterConfig == null || dryRun) {
                return null;
            }
            java.util.Optional<io.confsync.transfer.protocol.Message.ConfigAnswer> a = sender.offerConfig(clusterConfig);
            if (a.isEmpty()) {
                return null; // a standby of protocol 1 or 2 keeps its own file
            }
            if (a.get().verdict().equals(io.confsync.transfer.protocol.Message.ConfigAnswer.INSTALLED)) {
                LOG.info("{}: took this node's cluster files", node);
            } else if (a.get().verdict().equals(io.confsync.transfer.protocol.Message.ConfigAnswer.REFUSED)) {
                LOG.warn("{}: refused this node's cluster files: {}", node, a.get().reason());
                return a.get().reason();
            }
            return null;
        }

        /** This node as the source of {@code epoch}, holding change set {@code seq}. */
        public Fence.Standing standing(long seq) {
            return new Fence.Standing(epoch, self, seq);
        }
    }

    /** Scans the source's sync set; called again before a retry. */
    @FunctionalInterface
    public interface SourceScan {
        /**
         * @return a fresh scan
         * @throws IOException if the source base cannot be read
         */
        ScanResult scan() throws IOException;
    }

    private NodePush() {
    }

    /**
     * Syncs one standby (a dry run in a read-only session); never throws: failures, including a
     * refusal by the source rule, are in the report.
     *
     * @param seq the source's change set being pushed
     */
    public static NodeReport run(String node, Link link, Settings s, SourceScan source, long seq) {
        return run(node, link, s, source, seq, Progress.NONE);
    }

    /** {@link #run(String, Link, Settings, SourceScan, long)}, telling {@code progress} how far it is. */
    public static NodeReport run(String node, Link link, Settings s, SourceScan source, long seq, Progress progress) {
        return run(node, link, s, source, ChangeGate.fixed(seq), progress);
    }

    /**
     * {@link #run(String, Link, Settings, SourceScan, long, Progress)}, with the change set decided
     * at {@code gate} once planned: this push meets it (or leaves it) exactly once.
     */
    public static NodeReport run(String node, Link link, Settings s, SourceScan source, ChangeGate gate,
                                 Progress progress) {
        try {
            return push(node, link, s, source, gate, progress);
        } finally {
            progress.done(node);
        }
    }

    private static NodeReport push(String node, Link link, Settings s, SourceScan source, ChangeGate gate,
                                   Progress progress) {
        long t0 = System.nanoTime();
        Sender sender = new Sender(link.in(), link.out(), s.limits());
        sender.onFileSent(bytes -> progress.sent(node, bytes));
        Plan plan = null;
        PushResult result = null;
        String configRefused = null;
        long seq = gate.current();
        boolean met = false;
        try (link) {
            sender.open(s.cluster(), s.self(), s.standing(seq), !s.dryRun());
            configRefused = s.offerConfig(sender, node);
            sender.askScan(); // the standby scans while this node does
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                ScanResult scan = source.scan();
                Manifest target = sender.manifest(scan.manifest());
                PlanOptions options = TreeMirror.protect(s.options(), scan, Set.of(), s.force());
                plan = s.guarded(Planner.plan(scan.manifest(), target, options), target);
                if (s.dryRun()) {
                    break;
                }
                if (!met) {
                    met = true;
                    seq = gate.meet(!plan.isEmpty() || sender.behind(seq));
                }
                if (seq < 0 || plan.isEmpty() && !sender.behind(seq)) {
                    break;
                }
                progress.planned(node, plan.count(io.confsync.manifest.plan.Action.PutFile.class), plan.bytes());
                result = sender.push(plan, s.sourceBase(), s.force(), s.maxBatch(), seq);
                if (result.ok() || !"VERIFY".equals(result.abortCode())) {
                    break;
                }
                LOG.info("{}: files changed on the source while sent ({}); scanning again", node, result.reasons());
            }
            sender.close();
            String error = result == null || result.ok() ? null : result.aborted();
            return new NodeReport(node, plan, result, sender.wireBytes(), seconds(t0), error, null, configRefused);
        } catch (RefusedException e) {
            return new NodeReport(node, plan, result, sender.wireBytes(), seconds(t0), e.getMessage(), e.refusal(),
                    configRefused);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: push failed", node, e);
            return new NodeReport(node, plan, result, sender.wireBytes(), seconds(t0),
                    e instanceof io.confsync.transfer.ssh.LinkException ? e.getMessage()
                            : link.describe() + ": " + io.confsync.manifest.Reason.of(e), null, configRefused);
        } finally {
            if (!met) {
                gate.leave(); // failed or a dry run: the others do not wait for this one
            }
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
