package io.confsync.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * The attributes of one directory entry, read without following symlinks. Reads the {@code unix}
 * view where the file system has it (Linux, Jimfs in unix mode) and falls back to {@code posix}.
 *
 * @param kind       null for sockets, FIFOs and devices
 * @param size       bytes
 * @param mode       {@code 07777} bits
 * @param uid        numeric owner, -1 if the file system has none
 * @param gid        numeric group, -1 if the file system has none
 * @param owner      owner name; never null
 * @param group      group name; never null
 * @param mtimeNanos modification time
 * @param ctimeNanos status change time (the mtime where the file system has no ctime)
 * @param fileKey    identity of the inode, as text; never null
 * @param links      how many names the inode has (1 where the file system does not tell)
 */
public record Stat(FileKind kind, long size, int mode, int uid, int gid, String owner, String group,
                   long mtimeNanos, long ctimeNanos, String fileKey, int links) {

    private static final String UNIX_ATTRS =
            "unix:mode,uid,gid,size,lastModifiedTime,ctime,fileKey,nlink,isDirectory,isRegularFile,isSymbolicLink";
    private static final String POSIX_ATTRS =
            "posix:permissions,owner,group,size,lastModifiedTime,fileKey,isDirectory,isRegularFile,isSymbolicLink";

    /**
     * Reads the attributes of {@code p} itself (a symlink is not followed).
     *
     * @throws IOException if the entry is gone or unreadable
     */
    public static Stat of(Path p) throws IOException {
        return of(p, new Names());
    }

    /**
     * The kind of {@code p} itself (a symlink is not followed): null if nothing is there, or a
     * socket, FIFO or device. One lstat(2), without the owner and group lookups of {@link #of(Path)}
     * (two NSS calls, each reading /etc/passwd or /etc/group), which made the receiver's per-file
     * checks cost more than writing the file.
     *
     * @throws IOException if the entry is unreadable
     */
    public static FileKind kindOf(Path p) throws IOException {
        java.nio.file.attribute.BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
        return a.isSymbolicLink() ? FileKind.SYMLINK : a.isDirectory() ? FileKind.DIRECTORY
                : a.isRegularFile() ? FileKind.FILE : null;
    }

    /**
     * Reads the attributes of {@code p} itself, resolving owner and group names through a cache:
     * the JDK reads /etc/passwd and /etc/group for every name otherwise.
     *
     * @throws IOException if the entry is gone or unreadable
     */
    public static Stat of(Path p, Names names) throws IOException {
        boolean unix = p.getFileSystem().supportedFileAttributeViews().contains("unix");
        Map<String, Object> a = Files.readAttributes(p, unix ? UNIX_ATTRS : POSIX_ATTRS, LinkOption.NOFOLLOW_LINKS);
        FileKind kind = Boolean.TRUE.equals(a.get("isSymbolicLink")) ? FileKind.SYMLINK
                : Boolean.TRUE.equals(a.get("isDirectory")) ? FileKind.DIRECTORY
                : Boolean.TRUE.equals(a.get("isRegularFile")) ? FileKind.FILE : null;
        long mtime = nanos((FileTime) a.get("lastModifiedTime"));
        Object key = a.get("fileKey");
        if (unix) {
            int uid = (Integer) a.get("uid");
            int gid = (Integer) a.get("gid");
            String owner = names.users.get(uid);
            String group = names.groups.get(gid);
            if (owner == null || group == null) {
                Map<String, Object> n = Files.readAttributes(p, "posix:owner,group", LinkOption.NOFOLLOW_LINKS);
                owner = ((UserPrincipal) n.get("owner")).getName();
                group = ((GroupPrincipal) n.get("group")).getName();
                names.users.put(uid, owner);
                names.groups.put(gid, group);
            }
            int mode = ((Integer) a.get("mode")) & FileEntry.MODE_MASK;
            Object nlink = a.get("nlink");
            return new Stat(kind, (Long) a.get("size"), mode, uid, gid, owner, group, mtime,
                    nanos((FileTime) a.get("ctime")), String.valueOf(key), nlink instanceof Integer n ? n : 1);
        }
        String owner = ((UserPrincipal) a.get("owner")).getName();
        String group = ((GroupPrincipal) a.get("group")).getName();
        @SuppressWarnings("unchecked")
        Set<PosixFilePermission> perms = (Set<PosixFilePermission>) a.get("permissions");
        return new Stat(kind, (Long) a.get("size"), modeOf(perms), -1, -1, owner, group, mtime, mtime,
                String.valueOf(key), 1);
    }

    /** Nanoseconds since the epoch. */
    public static long nanos(FileTime t) {
        Instant i = t.toInstant();
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
    }

    /** The inverse of {@link #nanos}. */
    public static FileTime fileTime(long nanos) {
        return FileTime.from(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)));
    }

    /** The {@code 0777} bits of a permission set. */
    public static int modeOf(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return m;
    }

    /** The permission set of the {@code 0777} bits of a mode. */
    public static Set<PosixFilePermission> permissionsOf(int mode) {
        Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & (1 << (8 - p.ordinal()))) != 0) {
                out.add(p);
            }
        }
        return out;
    }

    /** Owner and group names by id, remembered for the length of one scan. Thread-safe. */
    public static final class Names {
        private final Map<Integer, String> users = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Integer, String> groups = new java.util.concurrent.ConcurrentHashMap<>();
    }

    /** True if this stat and another describe the same unchanged version of a file. */
    public boolean sameVersion(Stat o) {
        return size == o.size && mtimeNanos == o.mtimeNanos && ctimeNanos == o.ctimeNanos
                && fileKey.equals(o.fileKey);
    }
}
