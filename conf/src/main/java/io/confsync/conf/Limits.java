package io.confsync.conf;

/**
 * Hard limits and guards.
 *
 * @param maxFileSize    the largest file synchronized; larger files are refused with an error
 * @param maxBatchBytes  the most content bytes one batch may carry
 * @param maxDeleteShare the largest share of the target's files one plan may delete without
 *                       {@code --force}, in [0, 1]
 * @param maxPlanActions the most actions a receiver takes in one batch
 * @param batchIdle      the longest a sender may send nothing during a batch before it is aborted
 * @param batchTime      the longest one batch may take before it is aborted
 */
public record Limits(long maxFileSize, long maxBatchBytes, double maxDeleteShare, int maxPlanActions,
                     java.time.Duration batchIdle, java.time.Duration batchTime) {

    /** 64 MiB files, 1 GiB batches, 50% deletes, 1,000,000 actions, 60 s idle, 30 min per batch. */
    public static final Limits DEFAULT = new Limits(64L << 20, 1L << 30, 0.5, 1_000_000,
            java.time.Duration.ofSeconds(60), java.time.Duration.ofMinutes(30));

    /** Sizes and the delete share, with the default plan and time bounds. */
    public Limits(long maxFileSize, long maxBatchBytes, double maxDeleteShare) {
        this(maxFileSize, maxBatchBytes, maxDeleteShare, 1_000_000, java.time.Duration.ofSeconds(60),
                java.time.Duration.ofMinutes(30));
    }
}
