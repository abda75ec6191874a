package io.confsync.transfer.session;

import io.confsync.manifest.plan.Plan;
import io.confsync.transfer.protocol.Message;

/**
 * The outcome of syncing one standby.
 *
 * @param node      the standby's name
 * @param plan      what was (or, in a dry run, would be) done; null if the standby was not reached
 * @param result    what the standby committed; null for a dry run or when unreachable
 * @param wireBytes protocol bytes both ways
 * @param seconds   wall time
 * @param error     why the standby could not be synced, or null
 * @param refused   the standby's refusal by the source rule, or null
 * @param configRefused why the standby refused the cluster configuration offered, or null
 */
public record NodeReport(String node, Plan plan, PushResult result, long wireBytes, double seconds, String error,
                         Message.Refused refused, String configRefused) {

    /** A report of a session that offered no configuration, or had it taken. */
    public NodeReport(String node, Plan plan, PushResult result, long wireBytes, double seconds, String error,
                      Message.Refused refused) {
        this(node, plan, result, wireBytes, seconds, error, refused, null);
    }

    /** True if the standby ends in sync (or, for a dry run, the plan was made). */
    public boolean ok() {
        return error == null && (result == null || result.ok());
    }
}
