package io.confsync.transfer.session;

import java.time.Duration;

/**
 * Bounds on what one batch may make a receiver hold and how long it may take: whatever a sender
 * sends, a receiver refuses beyond them and frees the batch lock (another session, the real source
 * after a restart, then gets in).
 *
 * @param maxActions   plan actions in one batch ({@code limits.max-plan-actions})
 * @param maxPlanBytes bytes of plan on the wire in one batch: with the actions' count, what bounds the
 *                     receiver's memory for a plan (a long path per action costs more than a short one)
 * @param idle         the longest the sender may send nothing during a batch ({@code limits.batch-idle})
 * @param total        the longest a batch may take from its first frame to its end ({@code limits.batch-time})
 */
public record BatchLimits(int maxActions, long maxPlanBytes, Duration idle, Duration total) {

    /** 1,000,000 actions, 64 MiB of plan, 60 s without a byte, 30 minutes in all. */
    public static final BatchLimits DEFAULT = new BatchLimits(1_000_000, 64L << 20, Duration.ofSeconds(60),
            Duration.ofMinutes(30));
}
