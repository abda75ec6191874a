package io.confsync.manifest.plan;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Holes;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Xattrs;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Manifest entries built from literals, for planner tests: no file system involved. */
final class Fixtures {

    static final long T0 = 1_700_000_000_000_000_000L;

    private Fixtures() {
    }

    static FileEntry dir(String path) {
        return new FileEntry(RelPath.of(path), FileKind.DIRECTORY, 0, 0755, "root", "root", 0, 0, T0, null, null);
    }

    static FileEntry file(String path, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return new FileEntry(RelPath.of(path), FileKind.FILE, b.length, 0644, "root", "root", 0, 0, T0,
                Digest.of(b), null);
    }

    static FileEntry link(String path, String target) {
        return new FileEntry(RelPath.of(path), FileKind.SYMLINK, target.length(), 0777, "root", "root", 0, 0, T0,
                null, target);
    }

    static FileEntry withMode(FileEntry e, int mode) {
        return new FileEntry(e.path(), e.kind(), e.size(), mode, e.owner(), e.group(), e.uid(), e.gid(),
                e.mtimeNanos(), e.digest(), e.linkTarget(), e.xattrs(), e.linkedTo(), e.holes());
    }

    static FileEntry withOwner(FileEntry e, String owner, String group) {
        return new FileEntry(e.path(), e.kind(), e.size(), e.mode(), owner, group, e.uid(), e.gid(),
                e.mtimeNanos(), e.digest(), e.linkTarget(), e.xattrs(), e.linkedTo(), e.holes());
    }

    static FileEntry withMtime(FileEntry e, long mtime) {
        return new FileEntry(e.path(), e.kind(), e.size(), e.mode(), e.owner(), e.group(), e.uid(), e.gid(),
                mtime, e.digest(), e.linkTarget(), e.xattrs(), e.linkedTo(), e.holes());
    }

    /** {@code e} with one more extended attribute. */
    static FileEntry withXattr(FileEntry e, String name, String value) {
        java.util.Map<String, byte[]> all = new java.util.TreeMap<>();
        e.xattrs().names().forEach(n -> all.put(n, e.xattrs().value(n)));
        all.put(name, value.getBytes(StandardCharsets.UTF_8));
        return e.withXattrs(Xattrs.of(all));
    }

    /** {@code e} as a hard link of the file at {@code first}. */
    static FileEntry linkedTo(FileEntry e, String first) {
        return e.withLinkedTo(RelPath.of(first));
    }

    /** {@code e} with holes at the given offset and length pairs. */
    static FileEntry withHoles(FileEntry e, long... ranges) {
        return new FileEntry(e.path(), e.kind(), e.size(), e.mode(), e.owner(), e.group(), e.uid(), e.gid(),
                e.mtimeNanos(), e.digest(), e.linkTarget(), e.xattrs(), e.linkedTo(), Holes.of(ranges, e.size()));
    }

    static Manifest manifest(FileEntry... entries) {
        return Manifest.of(List.of(entries));
    }
}
