package io.confsync.conf;

/**
 * Hard limits and guards.
 *
 * @param maxFileSize    the largest file synchronized; larger files are refused with an error
 * @param maxBatchBytes  the most content bytes one batch may carry
 * @param maxDeleteShare the largest share of the target's files one plan may delete without
 *                       {@code --force}, in [0, 1]
 */
public record Limits(long maxFileSize, long maxBatchBytes, double maxDeleteShare) {

    /** 64 MiB files, 1 GiB batches, 50% deletes. */
    public static final Limits DEFAULT = new Limits(64L << 20, 1L << 30, 0.5);
}
