package io.confsync.transfer.protocol;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds one frame's payload. Strings are {@code u16 length + UTF-8}; lists are {@code u32 count}. */
final class PayloadOut {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(bytes);

    PayloadOut u8(int v) {
        return run(() -> out.writeByte(v));
    }

    PayloadOut bool(boolean v) {
        return u8(v ? 1 : 0);
    }

    PayloadOut i32(int v) {
        return run(() -> out.writeInt(v));
    }

    PayloadOut i64(long v) {
        return run(() -> out.writeLong(v));
    }

    PayloadOut string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xFFFF) {
            throw new IllegalArgumentException("string too long to encode: " + b.length + " bytes");
        }
        return run(() -> {
            out.writeShort(b.length);
            out.write(b);
        });
    }

    PayloadOut optionalString(String s) {
        bool(s != null);
        return s == null ? this : string(s);
    }

    PayloadOut bytes(byte[] b) {
        return run(() -> {
            out.writeInt(b.length);
            out.write(b);
        });
    }

    PayloadOut entry(FileEntry e) {
        string(e.path().value());
        u8(e.kind().ordinal());
        i64(e.size());
        i32(e.mode());
        string(e.owner());
        string(e.group());
        i32(e.uid());
        i32(e.gid());
        i64(e.mtimeNanos());
        if (e.kind() == FileKind.FILE) {
            i64(e.digest().value());
        }
        if (e.kind() == FileKind.SYMLINK) {
            string(e.linkTarget());
        }
        return this;
    }

    PayloadOut optionalEntry(FileEntry e) {
        bool(e != null);
        return e == null ? this : entry(e);
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    private PayloadOut run(IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    @FunctionalInterface
    private interface IoStep {
        void run() throws IOException;
    }
}
