package io.confsync.bench;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

/** Encoding and decoding a manifest chunk of 1,000 /etc-like entries. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBench {

    private Message.ManifestChunk chunk;
    private byte[] encoded;

    /** Builds the chunk and its encoding. */
    @Setup
    public void setUp() throws IOException {
        List<FileEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            entries.add(new FileEntry(RelPath.of("etc/postfix/conf.d/file" + i + ".conf"), FileKind.FILE, 1234 + i,
                    0644, "root", "root", 0, 0, 1_700_000_000_000_000_000L + i, new Digest(i * 31L), null));
        }
        chunk = new Message.ManifestChunk(entries, true);
        encoded = encode();
    }

    /** Frames 1,000 entries. */
    @Benchmark
    public byte[] encode() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        FrameWriter w = new FrameWriter(out, ProtocolLimits.DEFAULT);
        w.send(chunk);
        return out.toByteArray();
    }

    /** Parses and validates 1,000 entries. */
    @Benchmark
    public Message decode() throws IOException {
        return new FrameReader(new ByteArrayInputStream(encoded), ProtocolLimits.DEFAULT).read();
    }
}
