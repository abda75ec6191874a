package io.confsync.bench;

import io.confsync.manifest.Digest;
import io.confsync.transfer.delta.RollingChecksum;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** XXH64 (safe instance) and the rolling checksum over 1 MiB. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HashBench {

    private byte[] data;

    /** One MiB of random bytes. */
    @Setup
    public void setUp() {
        data = new byte[1 << 20];
        new Random(1).nextBytes(data);
    }

    /** XXH64 of 1 MiB. */
    @Benchmark
    public long xxh64OneMiB() {
        return Digest.of(data).value();
    }

    /** Rolls a 4 KiB window across 1 MiB, one byte at a time. */
    @Benchmark
    public int rollOneMiB() {
        int len = 4096;
        int sum = RollingChecksum.of(data, 0, len);
        for (int i = 0; i + len < data.length; i++) {
            sum = RollingChecksum.roll(sum, data[i], data[i + len], len);
        }
        return sum;
    }
}
