package io.confsync.transfer.session;

import io.confsync.manifest.FileEntry;
import io.confsync.transfer.apply.ApplyException;
import io.confsync.transfer.apply.ContentSource;
import io.confsync.transfer.delta.DeltaException;
import io.confsync.transfer.delta.Patcher;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The receiver's content source: reads one file's {@code FileStart, (Literal | Copy)*, FileEnd}
 * from the stream and patches it against the current version. A delta that does not fit its basis
 * is a {@code VERIFY} abort, which makes the sender resend the file whole.
 */
final class StreamContent implements ContentSource {

    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.safeInstance().safeDecompressor();

    private final FrameReader reader;
    private final int maxLiteral;

    StreamContent(FrameReader reader, int maxLiteral) {
        this.reader = reader;
        this.maxLiteral = maxLiteral;
    }

    @Override
    public void writeTo(FileEntry entry, Path basis, OutputStream out) throws IOException {
        Message.FileStart start = reader.expect(Message.FileStart.class);
        if (!start.path().equals(entry.path())) {
            throw new ProtocolException("content for " + start.path() + " where " + entry.path() + " was due");
        }
        try (FileChannel ch = basis == null || start.blockSize() == 0 ? null
                : FileChannel.open(basis, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            Patcher patcher = new Patcher(ch, ch == null ? 0 : ch.size(), start.blockSize(), out, entry.size());
            for (Message m = reader.read(); !(m instanceof Message.FileEnd); m = reader.read()) {
                if (m instanceof Message.Literal l) {
                    byte[] raw = l.compressed() ? decompress(l) : l.data();
                    patcher.literal(raw, 0, raw.length);
                } else if (m instanceof Message.Copy c) {
                    patcher.copy(c.block(), c.count());
                } else {
                    throw new ProtocolException("unexpected " + m.getClass().getSimpleName() + " inside a file");
                }
            }
            patcher.finish();
        } catch (DeltaException e) {
            throw new ApplyException(ApplyException.Code.VERIFY, "batch aborted, nothing changed: " + entry.path()
                    + ": " + e.getMessage(), List.of(entry.path().toString()), e);
        }
    }

    private byte[] decompress(Message.Literal l) throws ProtocolException {
        if (l.rawLength() > maxLiteral) {
            throw new ProtocolException("literal of " + l.rawLength() + " bytes exceeds " + maxLiteral);
        }
        byte[] raw = new byte[l.rawLength()];
        try {
            int n = LZ4.decompress(l.data(), 0, l.data().length, raw, 0);
            if (n != raw.length) {
                throw new ProtocolException("LZ4 literal decompressed to " + n + " bytes, declared " + raw.length);
            }
        } catch (LZ4Exception e) {
            throw new ProtocolException("corrupt LZ4 literal");
        }
        return raw;
    }
}
