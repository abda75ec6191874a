package io.confsync.manifest.plan;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
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
                e.mtimeNanos(), e.digest(), e.linkTarget());
    }

    static FileEntry withOwner(FileEntry e, String owner, String group) {
        return new FileEntry(e.path(), e.kind(), e.size(), e.mode(), owner, group, e.uid(), e.gid(),
                e.mtimeNanos(), e.digest(), e.linkTarget());
    }

    static FileEntry withMtime(FileEntry e, long mtime) {
        return new FileEntry(e.path(), e.kind(), e.size(), e.mode(), e.owner(), e.group(), e.uid(), e.gid(),
                mtime, e.digest(), e.linkTarget());
    }

    static Manifest manifest(FileEntry... entries) {
        return Manifest.of(List.of(entries));
    }
}
