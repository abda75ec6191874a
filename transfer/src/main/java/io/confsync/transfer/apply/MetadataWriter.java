package io.confsync.transfer.apply;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Stat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Sets holes, owner, group, mode, extended attributes and mtime of an entry, never following a
 * symlink. Order matters: the kernel clears setuid, setgid and {@code security.capability} on
 * chown, so the mode and the attributes are set after the owner; an access ACL sets the group bits
 * to its mask, as on the source; punching holes changes the mtime, which is set last.
 */
final class MetadataWriter {

    private final boolean keepOwnership;
    private final AttributeWriter attributes = new AttributeWriter();
    /**
     * Name lookups read /etc/passwd and /etc/group each time: once per batch is enough. Concurrent:
     * staged files are written from several threads.
     */
    private final java.util.Map<String, UserPrincipal> users = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, GroupPrincipal> groups = new java.util.concurrent.ConcurrentHashMap<>();

    MetadataWriter(boolean keepOwnership) {
        this.keepOwnership = keepOwnership;
    }

    void apply(Path p, FileEntry e) throws IOException {
        if (e.kind() == FileKind.FILE) {
            attributes.holes(p, e);
        }
        if (keepOwnership) {
            setOwnership(p, e);
        }
        if (e.kind() != FileKind.SYMLINK) {
            setMode(p, e.mode());
        }
        attributes.xattrs(p, e);
        FileTimes.setModified(p, e.kind(), e.mtimeNanos());
    }

    /** What the file system would not keep in this batch, one line per kind and file system. */
    java.util.List<String> notices() {
        return attributes.notices();
    }

    static void setMode(Path p, int mode) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            try {
                Files.setAttribute(p, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
                return;
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // A unix view that is read-only (Jimfs): fall back to the permission bits.
            }
        }
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setPermissions(Stat.permissionsOf(mode));
    }

    private void setOwnership(Path p, FileEntry e) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal owner = users.get(e.owner());
        if (owner == null) {
            owner = lookupUser(lookup, e.owner(), e.uid());
            users.put(e.owner(), owner);
        }
        GroupPrincipal group = groups.get(e.group());
        if (group == null) {
            group = lookupGroup(lookup, e.group(), e.gid());
            groups.put(e.group(), group);
        }
        // Unconditional: reading the current owner would cost a passwd lookup, and chown is cheap.
        // The kernel clears setuid/setgid on chown; apply() sets the mode afterwards.
        view.setOwner(owner);
        view.setGroup(group);
    }

    private static UserPrincipal lookupUser(UserPrincipalLookupService users, String name, int id)
            throws IOException {
        try {
            return users.lookupPrincipalByName(name);
        } catch (UserPrincipalNotFoundException e) {
            if (id < 0) {
                throw e;
            }
            return users.lookupPrincipalByName(Integer.toString(id));
        }
    }

    private static GroupPrincipal lookupGroup(UserPrincipalLookupService users, String name, int id)
            throws IOException {
        try {
            return users.lookupPrincipalByGroupName(name);
        } catch (UserPrincipalNotFoundException e) {
            if (id < 0) {
                throw e;
            }
            return users.lookupPrincipalByGroupName(Integer.toString(id));
        }
    }
}
