package io.confsync.transfer.protocol;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Xattrs;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds one frame's payload. Strings are {@code u16 length + UTF-8}; lists are {@code u32 count}. */
final class PayloadOut {

    /** Flags of an entry's extras: extended attributes, a hard link, holes. */
    static final int EXTRA_XATTRS = 1;
    static final int EXTRA_LINK = 2;
    static final int EXTRA_HOLES = 4;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(bytes);
    private final int version;

    /** A payload in the newest format. */
    PayloadOut() {
        this(Message.ATTRIBUTES_VERSION);
    }

    /** A payload for a peer of protocol {@code version}. */
    PayloadOut(int version) {
        this.version = version;
    }

    int version() {
        return version;
    }

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
        if (version < Message.ATTRIBUTES_VERSION) {
            return this; // an older peer keeps none of them
        }
        Xattrs x = e.xattrs();
        u8((x.isEmpty() ? 0 : EXTRA_XATTRS) | (e.linkedTo() == null ? 0 : EXTRA_LINK)
                | (e.holes().isEmpty() ? 0 : EXTRA_HOLES));
        if (!x.isEmpty()) {
            i32(x.names().size());
            for (String name : x.names()) {
                string(name);
                bytes(x.value(name));
            }
        }
        if (e.linkedTo() != null) {
            string(e.linkedTo().value());
        }
        if (!e.holes().isEmpty()) {
            i32(e.holes().count());
            for (int i = 0; i < e.holes().count(); i++) {
                i64(e.holes().offset(i));
                i64(e.holes().length(i));
            }
        }
        return this;
    }

    /** About how many bytes {@link #entry} writes for {@code e}, to cut chunks below the frame limit. */
    static int entryBytes(FileEntry e) {
        long x = 0;
        for (String name : e.xattrs().names()) {
            x += 8 + name.length() + e.xattrs().value(name).length;
        }
        return (int) Math.min(Integer.MAX_VALUE, 64 + e.path().value().length() * 3L + e.owner().length()
                + e.group().length() + (e.linkTarget() == null ? 0 : e.linkTarget().length() * 3L) + x
                + (e.linkedTo() == null ? 0 : e.linkedTo().value().length() * 3L) + e.holes().count() * 16L);
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
