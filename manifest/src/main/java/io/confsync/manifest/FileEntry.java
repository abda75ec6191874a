package io.confsync.manifest;

import java.util.Objects;

/**
 * One entry of a manifest with everything confsync keeps identical.
 *
 * @param path       where it is, relative to the node's base; never null
 * @param kind       never null
 * @param size       content length for files, 0 for directories, the target length for symlinks
 * @param mode       permission bits including setuid, setgid and sticky ({@code 07777} mask)
 * @param owner      owner name (the numeric uid as text when the name is unknown); never null
 * @param group      group name (the numeric gid as text when unknown); never null
 * @param uid        numeric owner
 * @param gid        numeric group
 * @param mtimeNanos modification time in nanoseconds since the epoch
 * @param digest     XXH64 of the content for files; null for directories and symlinks
 * @param linkTarget the symlink's target text for symlinks; null otherwise
 * @param xattrs     the extended attributes carried, ACLs included; never null
 * @param linkedTo   for a file hard-linked to others in its sync root, the first of them in path
 *                   order when this is not that one; null otherwise
 * @param holes      where a sparse file has no data; never null, {@link Holes#NONE} for other entries
 */
public record FileEntry(RelPath path, FileKind kind, long size, int mode, String owner,
                        String group, int uid, int gid, long mtimeNanos, Digest digest,
                        String linkTarget, Xattrs xattrs, RelPath linkedTo, Holes holes) {

    /** Permission bits including the special ones. */
    public static final int MODE_MASK = 07777;

    /**
     * Validates the combination of kind, digest and link target.
     *
     * @throws IllegalArgumentException or NullPointerException on an inconsistent entry
     */
    public FileEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
        if ((mode & ~MODE_MASK) != 0) {
            throw new IllegalArgumentException("mode has bits outside 07777: " + Integer.toOctalString(mode));
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative size for " + path);
        }
        if ((kind == FileKind.FILE) != (digest != null)) {
            throw new IllegalArgumentException("a digest is required for files and only for files: " + path);
        }
        if ((kind == FileKind.SYMLINK) != (linkTarget != null)) {
            throw new IllegalArgumentException("a link target is required for symlinks and only for them: " + path);
        }
        Objects.requireNonNull(xattrs, "xattrs");
        Objects.requireNonNull(holes, "holes");
        if (linkedTo != null && (kind != FileKind.FILE || linkedTo.compareTo(path) >= 0)) {
            throw new IllegalArgumentException("a hard link names a file that sorts before it: " + path + " -> "
                    + linkedTo);
        }
        if (!holes.isEmpty() && (kind != FileKind.FILE || holes.offset(holes.count() - 1)
                + holes.length(holes.count() - 1) > size)) {
            throw new IllegalArgumentException("holes only in files, and within their size: " + path);
        }
    }

    /** An entry with no extended attributes, hard links or holes. */
    public FileEntry(RelPath path, FileKind kind, long size, int mode, String owner, String group, int uid,
                     int gid, long mtimeNanos, Digest digest, String linkTarget) {
        this(path, kind, size, mode, owner, group, uid, gid, mtimeNanos, digest, linkTarget, Xattrs.NONE, null,
                Holes.NONE);
    }

    /** The same entry hard-linked to {@code first} (null: to none before it). */
    public FileEntry withLinkedTo(RelPath first) {
        return Objects.equals(first, linkedTo) ? this : new FileEntry(path, kind, size, mode, owner, group, uid, gid,
                mtimeNanos, digest, linkTarget, xattrs, first, holes);
    }

    /** This file as seen through another of its hard-linked names, {@code path}, linked to {@code first}. */
    public FileEntry asNameOf(RelPath path, RelPath first) {
        return new FileEntry(path, kind, size, mode, owner, group, uid, gid, mtimeNanos, digest, linkTarget, xattrs,
                first, holes);
    }

    /** The same entry with other extended attributes. */
    public FileEntry withXattrs(Xattrs x) {
        return new FileEntry(path, kind, size, mode, owner, group, uid, gid, mtimeNanos, digest, linkTarget, x,
                linkedTo, holes);
    }

    /** True if content (files: size and digest; symlinks: target) is the same; metadata is ignored. */
    public boolean sameContent(FileEntry o) {
        return kind == o.kind && size == o.size && Objects.equals(digest, o.digest)
                && Objects.equals(linkTarget, o.linkTarget);
    }

    /** True if ownership by name is the same. */
    public boolean sameOwnership(FileEntry o) {
        return owner.equals(o.owner) && group.equals(o.group);
    }

    /**
     * Writes the extended attributes, the hard link and the holes as bytes that differ whenever
     * they do: the part of a digest of entries that every such digest shares.
     *
     * @throws IOException only from {@code out}
     */
    public void writeExtras(java.io.DataOutput out) throws java.io.IOException {
        out.writeShort(xattrs.names().size());
        for (String name : xattrs.names()) {
            byte[] v = xattrs.value(name);
            out.writeUTF(name);
            out.writeInt(v.length);
            out.write(v);
        }
        out.writeUTF(linkedTo == null ? "" : linkedTo.value());
        out.writeInt(holes.count());
        for (int i = 0; i < holes.count(); i++) {
            out.writeLong(holes.offset(i));
            out.writeLong(holes.length(i));
        }
    }

    /** {@code 0644}-style rendering of the mode. */
    public String modeString() {
        return String.format("%04o", mode);
    }
}
