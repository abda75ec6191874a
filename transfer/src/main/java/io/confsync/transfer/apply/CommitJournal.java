package io.confsync.transfer.apply;

import io.confsync.manifest.AttributeReader;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.Holes;
import io.confsync.manifest.Xattrs;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Stat;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What a batch's commit did, step by step, and how to take each step back from the batch's own
 * backups, so that a commit failing halfway leaves the target as it was (all or nothing). Staging
 * records what each entry was before ({@link #before}); the commit records its steps; a failure
 * takes them back, last first ({@link #takeBack}). Not thread-safe: the batch's reader uses it.
 */
final class CommitJournal {

    /** What an entry was before this batch, and its backup copy (null for a metadata note). */
    private record Saved(Path copy, Stat old, Xattrs xattrs, Holes holes) {
    }

    /** One committed step taken back. */
    @FunctionalInterface
    private interface Undo {
        void run() throws IOException;
    }

    private final MetadataWriter metadata;
    /** A temporary name beside a path, for putting a replaced entry back by a rename. */
    private final UnaryOperator<RelPath> temporarySibling;
    private final Locator at;
    private final Map<RelPath, Saved> saved = new HashMap<>();
    private final List<Undo> steps = new ArrayList<>();

    CommitJournal(Locator at, MetadataWriter metadata, UnaryOperator<RelPath> temporarySibling) {
        this.at = at;
        this.metadata = metadata;
        this.temporarySibling = temporarySibling;
    }

    /**
     * Staging: what {@code path} (found at {@code live}) was, and its backup copy (null when only its
     * metadata changes).
     *
     * @throws IOException if its extended attributes cannot be read
     */
    void before(RelPath path, Path live, Path copy, Stat old) throws IOException {
        Holes holes = old.kind() == FileKind.FILE ? AttributeReader.holes(live, old.size()) : Holes.NONE;
        saved.put(path, new Saved(copy, old, AttributeReader.xattrs(live), holes));
    }

    /** The commit removed {@code target}: it comes back from its backup. */
    void removed(RelPath path, Path target) {
        Saved was = saved.get(path);
        steps.add(() -> restore(target, was));
    }

    /** The commit renamed a staged directory into place: it goes back to its temporary name. */
    void renamed(Path temp, Path target, Runnable backToTemporaries) {
        steps.add(() -> {
            Files.move(target, temp, StandardCopyOption.ATOMIC_MOVE);
            backToTemporaries.run();
        });
    }

    /** The commit put a new file or symlink at {@code target}: the old one comes back, or it goes. */
    void put(RelPath path, Path target) {
        Saved was = saved.get(path);
        steps.add(was == null ? () -> Files.deleteIfExists(target) : () -> putBack(path, target, was));
    }

    /** The commit set {@code target}'s metadata to {@code entry}'s: the old metadata comes back. */
    void metadata(FileEntry entry, Path target) {
        Saved was = saved.get(entry.path());
        if (was != null) {
            steps.add(() -> metadata.apply(target, entryOf(entry, was)));
        }
    }

    /** Number of committed steps (for messages). */
    int size() {
        return steps.size();
    }

    /**
     * Takes back every committed step, last first: the target is then as it was before the batch.
     *
     * @return what could not be taken back; empty if everything was
     */
    List<String> takeBack() {
        List<String> failed = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            try {
                steps.get(i).run();
            } catch (IOException | RuntimeException e) {
                failed.add(e.toString());
            }
        }
        steps.clear();
        return failed;
    }

    private void restore(Path target, Saved was) throws IOException {
        if (was == null || was.copy() == null) {
            throw new IOException(target + ": no backup to restore it from");
        }
        switch (was.old().kind()) {
            case FILE -> linkOrCopy(was.copy(), target);
            case SYMLINK -> Files.copy(was.copy(), target, LinkOption.NOFOLLOW_LINKS);
            case DIRECTORY -> {
                Files.createDirectory(target);
                metadata.apply(target, entryOf(null, was));
            }
        }
    }

    /** A replaced file or symlink, back from its backup by a rename over the new version. */
    private void putBack(RelPath path, Path target, Saved was) throws IOException {
        Path temp = at.locate(temporarySibling.apply(path));
        if (was.old().kind() == FileKind.FILE) {
            linkOrCopy(was.copy(), temp);
        } else {
            Files.copy(was.copy(), temp, LinkOption.NOFOLLOW_LINKS);
        }
        Applier.renameIntoPlace(temp, target);
    }

    /** The backup's inode back in place (a link), or a copy where the backups are on another file system. */
    private static void linkOrCopy(Path backup, Path dest) throws IOException {
        try {
            Files.createLink(dest, backup);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(backup, dest, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** The entry that carries an old entry's metadata (for putting it back). */
    private static FileEntry entryOf(FileEntry now, Saved was) {
        RelPath path = now == null ? RelPath.ROOT : now.path();
        Stat old = was.old();
        boolean file = old.kind() == FileKind.FILE && now != null && now.kind() == FileKind.FILE;
        return new FileEntry(path, old.kind(), old.size(), old.mode(), old.owner(), old.group(), old.uid(), old.gid(),
                old.mtimeNanos(), now == null ? null : now.digest(), now == null ? null : now.linkTarget(),
                was.xattrs(), null, file ? was.holes() : Holes.NONE);
    }
}
