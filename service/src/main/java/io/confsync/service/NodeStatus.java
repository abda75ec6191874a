package io.confsync.service;

/**
 * What the service knows of one node for {@code status.json}; the lag is added by
 * {@link StatusBoard} from the source's change history when it writes the file.
 *
 * @param node        name
 * @param role        {@code source} or {@code standby}
 * @param state       watching (the source itself); connecting, listing, initial sync, catching up,
 *                    syncing, ready; down (cannot connect or the link broke: retried); refused (host
 *                    key, authentication or the source rule: an operator must act)
 * @param since       when the node entered this state (ISO-8601, milliseconds)
 * @param lastBatch   when the last batch committed on it (ISO-8601, milliseconds), or null
 * @param seq         the change set it holds (the source: its own), or -1 if not known yet
 * @param inFlight    actions of the batch in flight, 0 when none
 * @param bytesSent   protocol bytes sent to and received from it by this service
 * @param lastError   the last error, or null
 * @param lastErrorAt when it happened, or null
 * @param driftNow    paths changed on it and not put back (standby-changes: report), or found and
 *                    not yet put back
 * @param reverted    changes made on it that the source put back since the service started
 * @param lastHook    the last on-change hook result, or null
 * @param hookFailed  whether that hook failed
 * @param withheld    its entries whose deletion a guard holds back (mass delete, emptied root)
 * @param withheldReason the guard's reason, saying how to release them; null when none are held
 * @param configRefused why it refused the cluster configuration this source offered it; null if it took it
 */
public record NodeStatus(String node, String role, String state, String since, String lastBatch, long seq,
                         int inFlight, long bytesSent, String lastError, String lastErrorAt, int driftNow,
                         int reverted, String lastHook, boolean hookFailed, int withheld, String withheldReason,
                         String configRefused) {

    /** A line with nothing recorded yet. */
    public static NodeStatus initial(String node, String role, String state, String now) {
        return new NodeStatus(node, role, state, now, null, -1, 0, 0, null, null, 0, 0, null, false, 0, null, null);
    }

    /** A copy in another state ({@code since} changes only with the state), with an error (null clears it). */
    public NodeStatus with(String newState, String error, String now) {
        return new NodeStatus(node, role, newState, newState.equals(state) ? since : now, lastBatch, seq, inFlight,
                bytesSent, error, error == null ? null : error.equals(lastError) ? lastErrorAt : now, driftNow,
                reverted, lastHook, hookFailed, withheld, withheldReason, configRefused);
    }

    /** A copy with a batch of {@code actions} in flight. */
    public NodeStatus inFlight(int actions) {
        return new NodeStatus(node, role, state, since, lastBatch, seq, actions, bytesSent, lastError, lastErrorAt,
                driftNow, reverted, lastHook, hookFailed, withheld, withheldReason, configRefused);
    }

    /** A copy after a batch: committed at {@code committedAt} (null if it was not), holding {@code newSeq}. */
    public NodeStatus afterBatch(String committedAt, long newSeq, long bytes) {
        return new NodeStatus(node, role, state, since, committedAt != null ? committedAt : lastBatch, newSeq, 0,
                bytes, lastError, lastErrorAt, driftNow, reverted, lastHook, hookFailed, withheld, withheldReason, configRefused);
    }

    /** A copy holding change set {@code newSeq}. */
    public NodeStatus withSeq(long newSeq) {
        return new NodeStatus(node, role, state, since, lastBatch, newSeq, inFlight, bytesSent, lastError,
                lastErrorAt, driftNow, reverted, lastHook, hookFailed, withheld, withheldReason, configRefused);
    }

    /** A copy with another count of held-back deletes. */
    public NodeStatus withWithheld(int count, String reason) {
        return new NodeStatus(node, role, state, since, lastBatch, seq, inFlight, bytesSent, lastError, lastErrorAt,
                driftNow, reverted, lastHook, hookFailed, count, reason, configRefused);
    }

    /** A copy with the standby's verdict on the configuration offered at connect: why it refused it, or null. */
    public NodeStatus withConfigRefused(String why) {
        return new NodeStatus(node, role, state, since, lastBatch, seq, inFlight, bytesSent, lastError, lastErrorAt,
                driftNow, reverted, lastHook, hookFailed, withheld, withheldReason, why);
    }

    /** A copy with another hook result. */
    public NodeStatus withHook(String hook, boolean failed) {
        return new NodeStatus(node, role, state, since, lastBatch, seq, inFlight, bytesSent, lastError, lastErrorAt,
                driftNow, reverted, hook, failed, withheld, withheldReason, configRefused);
    }

    /** A copy with the drift counts: {@code now} differing, {@code more} put back. */
    public NodeStatus withDrift(int now, int more) {
        return new NodeStatus(node, role, state, since, lastBatch, seq, inFlight, bytesSent, lastError, lastErrorAt,
                now, reverted + more, lastHook, hookFailed, withheld, withheldReason, configRefused);
    }
}
