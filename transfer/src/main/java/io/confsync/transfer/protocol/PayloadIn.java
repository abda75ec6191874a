package io.confsync.transfer.protocol;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Holes;
import io.confsync.manifest.Xattrs;
import io.confsync.manifest.RelPath;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Reads one frame's payload, checking every length against the limits before allocating. */
final class PayloadIn {

    private final ByteBuffer buf;
    private final ProtocolLimits limits;
    private final int version;

    PayloadIn(byte[] payload, ProtocolLimits limits, int version) {
        this.buf = ByteBuffer.wrap(payload);
        this.limits = limits;
        this.version = version;
    }

    int version() {
        return version;
    }

    private void need(int n, String what) throws ProtocolException {
        if (n < 0 || buf.remaining() < n) {
            throw new ProtocolException("truncated frame: " + what + " needs " + n + " bytes, "
                    + buf.remaining() + " left");
        }
    }

    int u8() throws ProtocolException {
        need(1, "byte");
        return buf.get() & 0xFF;
    }

    boolean bool() throws ProtocolException {
        int v = u8();
        if (v > 1) {
            throw new ProtocolException("bad boolean " + v);
        }
        return v == 1;
    }

    int i32() throws ProtocolException {
        need(4, "int");
        return buf.getInt();
    }

    long i64() throws ProtocolException {
        need(8, "long");
        return buf.getLong();
    }

    int count(int max, String what) throws ProtocolException {
        int n = i32();
        if (n < 0 || n > max) {
            throw new ProtocolException(what + " count " + n + " outside 0.." + max);
        }
        return n;
    }

    String string(int maxBytes) throws ProtocolException {
        need(2, "string length");
        int n = buf.getShort() & 0xFFFF;
        if (n > maxBytes) {
            throw new ProtocolException("string of " + n + " bytes, limit " + maxBytes);
        }
        need(n, "string");
        byte[] b = new byte[n];
        buf.get(b);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("string is not valid UTF-8");
        }
    }

    String string() throws ProtocolException {
        return string(limits.maxString());
    }

    String optionalString() throws ProtocolException {
        return bool() ? string() : null;
    }

    byte[] bytes(int max) throws ProtocolException {
        int n = count(max, "byte");
        need(n, "bytes");
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    RelPath path() throws ProtocolException {
        String p = string(RelPath.MAX_BYTES);
        try {
            return RelPath.of(p);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("bad path: " + e.getMessage());
        }
    }

    FileEntry entry() throws ProtocolException {
        RelPath path = path();
        int k = u8();
        if (k >= FileKind.values().length) {
            throw new ProtocolException("bad file kind " + k);
        }
        FileKind kind = FileKind.values()[k];
        long size = i64();
        int mode = i32();
        String owner = string(256);
        String group = string(256);
        int uid = i32();
        int gid = i32();
        long mtime = i64();
        Digest digest = kind == FileKind.FILE ? new Digest(i64()) : null;
        String target = kind == FileKind.SYMLINK ? string(RelPath.MAX_BYTES) : null;
        int extras = version >= Message.ATTRIBUTES_VERSION ? u8() : 0;
        if ((extras & ~(PayloadOut.EXTRA_XATTRS | PayloadOut.EXTRA_LINK | PayloadOut.EXTRA_HOLES)) != 0) {
            throw new ProtocolException("bad entry extras " + extras + " for " + path);
        }
        try {
            Xattrs xattrs = (extras & PayloadOut.EXTRA_XATTRS) == 0 ? Xattrs.NONE : xattrs();
            RelPath linkedTo = (extras & PayloadOut.EXTRA_LINK) == 0 ? null : path();
            Holes holes = (extras & PayloadOut.EXTRA_HOLES) == 0 ? Holes.NONE : holes(size);
            return new FileEntry(path, kind, size, mode, owner, group, uid, gid, mtime, digest, target, xattrs,
                    linkedTo, holes);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ProtocolException("bad entry for " + path + ": " + e.getMessage());
        }
    }

    private Xattrs xattrs() throws ProtocolException {
        int n = count(Xattrs.MAX_COUNT, "extended attribute");
        java.util.Map<String, byte[]> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = string(255);
            if (values.put(name, bytes(Xattrs.MAX_VALUE)) != null) {
                throw new ProtocolException("extended attribute " + name + " twice");
            }
        }
        return Xattrs.of(values);
    }

    private Holes holes(long size) throws ProtocolException {
        int n = count(Holes.MAX_COUNT, "hole");
        long[] ranges = new long[2 * n];
        for (int i = 0; i < ranges.length; i++) {
            ranges[i] = i64();
        }
        return Holes.of(ranges, size);
    }

    FileEntry optionalEntry() throws ProtocolException {
        return bool() ? entry() : null;
    }

    void end() throws ProtocolException {
        if (buf.hasRemaining()) {
            throw new ProtocolException(buf.remaining() + " unexpected bytes at the end of a frame");
        }
    }
}
