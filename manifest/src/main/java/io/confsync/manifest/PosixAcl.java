package io.confsync.manifest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads the value of a POSIX ACL as Linux stores it in {@code system.posix_acl_access} and
 * {@code system.posix_acl_default}: a version (2), then entries of tag, permission and numeric id,
 * little-endian. Named entries carry the numeric uid or gid, not a name: nodes that share ACLs must
 * share those ids, as they do for files without ACLs when ownership is not kept by name.
 */
public final class PosixAcl {

    private static final int VERSION = 2;
    private static final int USER_OBJ = 0x01;
    private static final int USER = 0x02;
    private static final int GROUP_OBJ = 0x04;
    private static final int GROUP = 0x08;
    private static final int MASK = 0x10;
    private static final int OTHER = 0x20;

    private PosixAcl() {
    }

    /**
     * The permission of the ACL's owning-group entry ({@code 0..7}), or -1 if {@code value} is not an
     * ACL with one. With an ACL the kernel shows the mask as the group bits of the mode; where the
     * ACL cannot be kept, these bits are what the group may really do.
     */
    public static int groupPermission(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 4 || b.getInt() != VERSION) {
            return -1;
        }
        while (b.remaining() >= 8) {
            int tag = b.getShort() & 0xffff;
            int perm = b.getShort() & 0x7;
            b.getInt();
            if (tag == GROUP_OBJ) {
                return perm;
            }
        }
        return -1;
    }

    /**
     * The ACL in {@code getfacl}'s short form ({@code user::rw-,user:1000:r--,group::r--,mask::r--,other::---}),
     * or its hex bytes if it is not one.
     */
    public static String describe(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 4 || (b.remaining() - 4) % 8 != 0 || b.getInt() != VERSION) {
            return hex(value);
        }
        StringBuilder out = new StringBuilder();
        while (b.remaining() >= 8) {
            int tag = b.getShort() & 0xffff;
            int perm = b.getShort() & 0x7;
            long id = b.getInt() & 0xffffffffL;
            String name = switch (tag) {
                case USER_OBJ -> "user:";
                case USER -> "user:" + id;
                case GROUP_OBJ -> "group:";
                case GROUP -> "group:" + id;
                case MASK -> "mask:";
                case OTHER -> "other:";
                default -> "tag" + tag + ":" + id;
            };
            out.append(out.length() == 0 ? "" : ",").append(name).append(':')
                    .append((perm & 4) != 0 ? 'r' : '-').append((perm & 2) != 0 ? 'w' : '-')
                    .append((perm & 1) != 0 ? 'x' : '-');
        }
        return out.toString();
    }

    /** The bytes as {@code 0x...}. */
    static String hex(byte[] value) {
        StringBuilder b = new StringBuilder("0x");
        for (byte x : value) {
            b.append(String.format("%02x", x & 0xff));
        }
        return b.toString();
    }
}
