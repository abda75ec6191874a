package io.confsync.bench;

import io.confsync.transfer.delta.DeltaEngine;
import io.confsync.transfer.delta.DeltaSink;
import io.confsync.transfer.delta.Patcher;
import io.confsync.transfer.delta.Signature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Signature, delta encode and patch of a 10 MiB file with one byte flipped in the middle. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DeltaBench {

    private byte[] basis;
    private byte[] target;
    private Signature signature;
    private Path basisFile;

    /** Builds the basis, the edited target and the basis signature. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        basis = new byte[10 << 20];
        new Random(42).nextBytes(basis);
        target = basis.clone();
        target[5 << 20] ^= 1;
        signature = DeltaEngine.signature(new ByteArrayInputStream(basis), basis.length);
        basisFile = Files.createTempFile("confsync-bench", ".bin");
        Files.write(basisFile, basis);
    }

    /** Removes the basis file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(basisFile);
    }

    /** Receiver side: signature of 10 MiB. */
    @Benchmark
    public Signature signature10MiB() throws IOException {
        return DeltaEngine.signature(new ByteArrayInputStream(basis), basis.length);
    }

    /** Sender side: delta of a one-byte edit in 10 MiB. */
    @Benchmark
    public long encode10MiB() throws IOException {
        long[] n = {0};
        DeltaEngine.encode(target, signature, new DeltaSink() {
            @Override
            public void copy(int block, int count) {
                n[0] += count;
            }

            @Override
            public void literal(byte[] data, int off, int len) {
                n[0] += len;
            }
        });
        return n[0];
    }

    /** Receiver side: patch 10 MiB from the basis file (page cache) and one literal block. */
    @Benchmark
    public void patch10MiB() throws IOException {
        try (FileChannel ch = FileChannel.open(basisFile, StandardOpenOption.READ)) {
            Patcher p = new Patcher(ch, basis.length, signature.blockSize(), OutputStream.nullOutputStream(),
                    target.length);
            DeltaEngine.encode(target, signature, p);
            p.finish();
        }
    }
}
