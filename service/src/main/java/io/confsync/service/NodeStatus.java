package io.confsync.service;

/**
 * One node's line in {@code status.json}.
 *
 * @param node      name
 * @param role      {@code source} or {@code standby}
 * @param state     connecting, syncing, ready, down or refused (the source itself: watching)
 * @param lastBatch ISO time of the last committed batch, or null
 * @param lagMillis how long the oldest change not yet on this node has waited; 0 when in sync
 * @param pending   actions of the batch in flight
 * @param bytesSent protocol bytes sent to and received from this node by this service
 * @param lastError the last error, or null
 * @param drift     changes made on this node that the source put back
 * @param lastHook  the last on-change hook result, or null
 * @param withheld  entries of this node whose deletion a guard holds back (mass delete, emptied root)
 * @param withheldReason the guard's reason, saying how to release them; null when none are held
 */
public record NodeStatus(String node, String role, String state, String lastBatch, long lagMillis, int pending,
                         long bytesSent, String lastError, int drift, String lastHook, int withheld,
                         String withheldReason) {

    /** A line with nothing recorded yet. */
    public static NodeStatus initial(String node, String role, String state) {
        return new NodeStatus(node, role, state, null, 0, 0, 0, null, 0, null, 0, null);
    }

    /** A copy in another state with an error (null clears it). */
    public NodeStatus with(String newState, String error) {
        return new NodeStatus(node, role, newState, lastBatch, lagMillis, pending, bytesSent, error, drift, lastHook,
                withheld, withheldReason);
    }

    /** A copy with another count of held-back deletes. */
    public NodeStatus withWithheld(int count, String reason) {
        return new NodeStatus(node, role, state, lastBatch, lagMillis, pending, bytesSent, lastError, drift, lastHook,
                count, reason);
    }

    /** A copy with another hook result. */
    public NodeStatus withHook(String hook) {
        return new NodeStatus(node, role, state, lastBatch, lagMillis, pending, bytesSent, lastError, drift, hook,
                withheld, withheldReason);
    }

    /** A copy with more reverted drift. */
    public NodeStatus withMoreDrift(int more) {
        return new NodeStatus(node, role, state, lastBatch, lagMillis, pending, bytesSent, lastError, drift + more,
                lastHook, withheld, withheldReason);
    }
}
