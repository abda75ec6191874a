package io.confsync.conf;

import java.time.Duration;

/**
 * How the live service turns file events into batches (the {@code watch:} section).
 *
 * @param settle       quiet time after the last event before a batch goes; changes whose events come
 *                     closer together than this land in one batch; entries may set a longer one
 * @param maxDelay     the longest a change waits while events keep coming
 * @param maxWriteWait the longest changes wait for a file that is still open for writing
 */
public record WatchConfig(Duration settle, Duration maxDelay, Duration maxWriteWait) {

    /** 20 ms, 1 s, 10 s. */
    public static final WatchConfig DEFAULT = new WatchConfig(Duration.ofMillis(20), Duration.ofSeconds(1),
            Duration.ofSeconds(10));
}
