package io.confsync.manifest;

import com.sun.jna.Library;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * The group permission of a file with a POSIX access ACL. The kernel reports the ACL's mask as the
 * group bits of the mode, so a 0600 secret with {@code user:nobody:r} reads as 0640; copied as such,
 * without the ACL, it would arrive readable by its group. Until ACLs are carried, a file's group
 * bits are taken from the ACL's own group entry: it never arrives more open than its owner set it.
 * Linux only (lgetxattr through JNA), on the default file system; elsewhere the mode is left as it is.
 */
final class PosixAcl {

    private static final String ACCESS = "system.posix_acl_access";
    private static final int VERSION = 2;
    private static final int GROUP_OBJ = 0x04;

    /** The one libc call needed. */
    interface LibC extends Library {
        long lgetxattr(byte[] path, String name, byte[] value, long size);
    }

    private static final LibC LIBC = Libc.load(LibC.class);

    private PosixAcl() {
    }

    /**
     * The mode with its group bits from the access ACL's group entry, if {@code p} has an ACL with
     * one; else {@code mode} unchanged.
     */
    static int effectiveMode(Path p, int mode) {
        if (LIBC == null || p.getFileSystem() != FileSystems.getDefault()) {
            return mode;
        }
        byte[] value = new byte[512];
        long n = LIBC.lgetxattr((p.toAbsolutePath() + "\0").getBytes(StandardCharsets.UTF_8), ACCESS, value,
                value.length);
        if (n < 4) {
            return mode; // no ACL (ENODATA), not supported, or larger than any real one: the mode is right
        }
        ByteBuffer b = ByteBuffer.wrap(value, 0, (int) n).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != VERSION) {
            return mode;
        }
        while (b.remaining() >= 8) {
            int tag = b.getShort() & 0xffff;
            int perm = b.getShort() & 0x7;
            b.getInt();
            if (tag == GROUP_OBJ) {
                return mode & ~070 | perm << 3;
            }
        }
        return mode;
    }
}
