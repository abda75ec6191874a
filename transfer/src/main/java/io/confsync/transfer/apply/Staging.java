package io.confsync.transfer.apply;

import io.confsync.manifest.Durable;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Stat;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The state of one batch between staging and commit: temporary files and directories, directories
 * created, and paths that were replaced by a staged temporary directory.
 */
final class Staging {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Staging.class);

    private final Locator at;
    private final BackupStore.Batch backups;
    private final ContentSource content;
    private final MetadataWriter metadata;
    private final ParallelWrites writes;
    private final Set<RelPath> typeChangeRemovals = new HashSet<>();
    /** Hard links to make once the batch's files are written. */
    private final List<PendingLink> links = new ArrayList<>();
    private final Set<RelPath> plannedRemovals = new HashSet<>();
    /** New directories staged under a temporary name because something else is at their path now. */
    private final Map<RelPath, RelPath> stagedDirectories = new HashMap<>();
    /** Temporary file or symlink name per path, relative to the final parent directory. */
    private final Map<RelPath, String> stagedNames = new HashMap<>();
    private final List<Path> temporaries = new ArrayList<>();
    private final List<Path> createdDirectories = new ArrayList<>();
    private final Set<RelPath> newDirectories = new HashSet<>();
    /** Directories the plan deletes that must stay because they hold entries the plan keeps. */
    private final Set<RelPath> keptDirectories = new HashSet<>();
    /** The mtime of every existing directory staging wrote into, restored if the batch aborts. */
    private final Map<Path, java.nio.file.attribute.FileTime> parentTimes = new HashMap<>();
    /** Staged files whose content and metadata are not yet forced to disk. */
    private final List<Path> unsynced = new ArrayList<>();
    /** Backups (links or copies) of what the batch replaces, forced after the staged files. */
    private final List<Path> unsyncedBackups = new ArrayList<>();
    private long bytesWritten;
    private RelPath current = RelPath.ROOT;
    /** What the commit did, to take it back if it fails halfway. */
    private final CommitJournal journal;

    Staging(Locator at, BackupStore.Batch backups, ContentSource content, MetadataWriter metadata, Plan plan) {
        this.at = at;
        this.journal = new CommitJournal(at, metadata, p -> temporarySibling(p, p));
        this.backups = backups;
        this.content = content;
        this.metadata = metadata;
        this.writes = ParallelWrites.forPlan(plan);
        for (Action a : plan.actions()) {
            if (a instanceof Action.Remove r) {
                plannedRemovals.add(r.path());
                if (r.reason() == Action.Reason.TYPE_CHANGE) {
                    typeChangeRemovals.add(r.path());
                }
            }
        }
    }

    RelPath current() {
        return current;
    }

    long bytesWritten() {
        return bytesWritten;
    }

    /** What the file systems would not keep (extended attributes, ACLs, holes), once per kind. */
    List<String> notices() {
        return metadata.notices();
    }

    /** Where a path lives during staging: inside a staged temporary directory if an ancestor is one. */
    private RelPath stagedLocation(RelPath p) {
        for (RelPath a = p; a != null && !a.isRoot(); a = a.parent()) {
            RelPath dir = stagedDirectories.get(a);
            if (dir != null) {
                RelPath out = dir;
                for (String s : p.relativeTo(a).segments()) {
                    out = out.child(s);
                }
                return out;
            }
        }
        return p;
    }

    /** The sibling of {@code p} with a temporary name of its own. */
    private static RelPath temporarySibling(RelPath p, RelPath named) {
        return p.parent().child(temporaryName(named));
    }

    private static String temporaryName(RelPath p) {
        String name = p.name();
        String tail = name.length() > 40 ? name.substring(0, 40) : name;
        return PathRules.TEMP_PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-" + tail;
    }

    void stage(Action a) throws IOException {
        current = a.path();
        if (a instanceof Action.Remove r) {
            stageRemove(r);
        } else if (a instanceof Action.MakeDirectory m) {
            stageDirectory(m.entry());
        } else if (a instanceof Action.PutFile p) {
            stageFile(p.entry());
        } else if (a instanceof Action.MakeSymlink l) {
            stageSymlink(l.entry());
        } else if (a instanceof Action.MakeLink l) {
            stageLink(l.entry());
        } else if (a instanceof Action.SetMetadata s) {
            stageMetadata(s.entry());
        }
    }

    private void stageRemove(Action.Remove r) throws IOException {
        Path p = at.locate(r.path());
        FileKind kind = Stat.kindOf(p);
        if (kind == null) {
            return;
        }
        if (kind == FileKind.DIRECTORY) {
            String kept = unplannedChild(r.path(), at.directory(r.path()));
            if (kept != null && r.reason() == Action.Reason.TYPE_CHANGE) {
                throw conflict(r.path() + " holds " + kept + ", which the plan does not remove");
            }
            if (kept != null) {
                // Excluded or newly arrived entries keep the directory; its ancestors then stay too.
                LOG.warn("{} not deleted: it still holds {}, which is excluded or new", r.path(), kept);
                plannedRemovals.remove(r.path());
                keptDirectories.add(r.path());
                return;
            }
        }
        Stat old = Stat.of(p);
        journal.before(r.path(), p, keepBackup(backups.save(r.path(), p,
                r.reason() == Action.Reason.TYPE_CHANGE ? "replaced" : "deleted")), old);
    }

    /** Creates missing directories above a sync root (like mkdir -p, mode 0755), for rollback too. */
    void ensureParents(RelPath root) throws IOException {
        List<RelPath> missing = new ArrayList<>();
        for (RelPath d = root.parent(); d != null && !d.isRoot() && kindOrMissing(d) == null; d = d.parent()) {
            missing.add(0, d);
        }
        for (RelPath d : missing) {
            Path p = at.locate(d);
            rememberParent(d);
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(Stat.permissionsOf(0755)));
            createdDirectories.add(p);
        }
    }

    /** What is at {@code p}, null also when a directory above it is missing. */
    private FileKind kindOrMissing(RelPath p) throws IOException {
        try {
            return Stat.kindOf(at.locate(p));
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }

    /** Remembers the mtime of the directory that {@code child} is created in, for a rollback. */
    private void rememberParent(RelPath child) throws IOException {
        RelPath parent = child.parent();
        if (parent == null) {
            return;
        }
        // The located directory is pinned (on Linux a /proc/self/fd link to it): follow it.
        Path dir;
        try {
            dir = at.directory(parent);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!parentTimes.containsKey(dir) && Files.isDirectory(dir)) {
            parentTimes.put(dir, Files.getLastModifiedTime(dir));
        }
    }

    private String unplannedChild(RelPath dir, Path p) throws IOException {
        try (var children = Files.list(p)) {
            for (Path c : children.toList()) {
                String name = c.getFileName().toString();
                if (!plannedRemovals.contains(dir.child(name))) {
                    return name;
                }
            }
        }
        return null;
    }

    /** Backup copies of files are forced to disk with the staged files, before anything changes. */
    private Path keepBackup(Path copy) throws IOException {
        if (Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
            unsyncedBackups.add(copy);
        }
        return copy;
    }

    private void stageDirectory(FileEntry e) throws IOException {
        RelPath where = stagedLocation(e.path());
        Path p = at.locate(where);
        FileKind kind = kindAt(e.path(), p);
        if (kind == FileKind.DIRECTORY) {
            return;
        }
        newDirectories.add(e.path());
        rememberParent(where);
        if (kind == null) {
            Files.createDirectory(p, PosixFilePermissions.asFileAttribute(Stat.permissionsOf(0700)));
            createdDirectories.add(p);
        } else if (typeChangeRemovals.contains(e.path())) {
            RelPath tempRel = temporarySibling(where, e.path());
            Path temp = at.locate(tempRel);
            Files.createDirectory(temp, PosixFilePermissions.asFileAttribute(Stat.permissionsOf(0700)));
            temporaries.add(temp);
            stagedDirectories.put(e.path(), tempRel);
        } else {
            throw conflict(e.path() + " is a " + kind.name().toLowerCase() + " on the target, not a directory");
        }
    }

    /** Backs up what a staged file or symlink replaces; {@code kind} is what is at {@code p} now. */
    private void checkReplaceable(RelPath path, Path p, FileKind kind, FileKind wanted) throws IOException {
        if (kind == null || typeChangeRemovals.contains(path) && kind != wanted) {
            return;
        }
        if (kind != wanted) {
            throw conflict(path + " is a " + kind.name().toLowerCase() + " on the target, expected a "
                    + wanted.name().toLowerCase());
        }
        Stat old = Stat.of(p);
        journal.before(path, p, keepBackup(backups.save(path, p, "overwritten")), old);
    }

    private void stageFile(FileEntry e) throws IOException {
        RelPath where = stagedLocation(e.path());
        Path p = at.locate(where);
        FileKind kind = kindAt(e.path(), p);
        checkReplaceable(e.path(), p, kind, FileKind.FILE);
        Path basis = kind == FileKind.FILE ? p : null;
        RelPath tempRel = temporarySibling(where, e.path());
        String name = tempRel.name();
        Path temp = at.locate(tempRel);
        rememberParent(tempRel);
        temporaries.add(temp);
        stagedNames.put(e.path(), name);
        unsynced.add(temp);
        if (writes.takes(e)) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) e.size());
            content.writeTo(e, basis, buffer);
            rethrow(writes.failure());
            writes.submit(e.path(), buffer.size(), () -> StagedFile.write(temp, e, buffer::writeTo, metadata));
        } else {
            StagedFile.write(temp, e, out -> content.writeTo(e, basis, out), metadata);
        }
        bytesWritten += e.size();
    }

    /** Where a helper thread's failure surfaces: the batch then aborts on that file. */
    private void rethrow(Optional<ParallelWrites.Failure> failed) throws IOException {
        if (failed.isPresent()) {
            current = failed.get().path();
            throw failed.get().cause();
        }
    }

    /**
     * What is at {@code p} now. Inside a directory this batch created there is nothing yet, and
     * asking would cost an exception per file (the JDK reports a missing path by throwing).
     */
    private FileKind kindAt(RelPath path, Path p) throws IOException {
        RelPath parent = path.parent();
        return parent != null && newDirectories.contains(parent) ? null : Stat.kindOf(p);
    }

    private void stageSymlink(FileEntry e) throws IOException {
        RelPath where = stagedLocation(e.path());
        Path p = at.locate(where);
        checkReplaceable(e.path(), p, kindAt(e.path(), p), FileKind.SYMLINK);
        RelPath tempRel = temporarySibling(where, e.path());
        String name = tempRel.name();
        Path temp = at.locate(tempRel);
        rememberParent(tempRel);
        Files.createSymbolicLink(temp, p.getFileSystem().getPath(e.linkTarget()));
        temporaries.add(temp);
        metadata.apply(temp, e);
        stagedNames.put(e.path(), name);
    }

    /**
     * Notes a hard link to stage: it is made once every file of the batch is written ({@link
     * #finishWrites}), as another name of the first name's staged file or of the file in place.
     */
    private void stageLink(FileEntry e) throws IOException {
        RelPath where = stagedLocation(e.path());
        Path p = at.locate(where);
        checkReplaceable(e.path(), p, kindAt(e.path(), p), FileKind.FILE);
        RelPath tempRel = temporarySibling(where, e.path());
        rememberParent(tempRel);
        stagedNames.put(e.path(), tempRel.name());
        links.add(new PendingLink(e, tempRel));
    }

    /** A hard link staged once the files it may name are written. */
    private record PendingLink(FileEntry entry, RelPath temp) {
    }

    /** Makes every staged hard link: a temporary name for the first name's new or current inode. */
    private void makeLinks() throws IOException {
        for (PendingLink l : links) {
            current = l.entry().path();
            RelPath first = l.entry().linkedTo();
            String staged = stagedNames.get(first);
            RelPath firstWhere = stagedLocation(first);
            Path existing = at.locate(staged != null ? firstWhere.parent().child(staged) : firstWhere);
            if (Stat.kindOf(existing) != FileKind.FILE) {
                throw conflict(l.entry().path() + " is to be a hard link of " + first + ", which is not a file here");
            }
            Path temp = at.locate(l.temp());
            Files.createLink(temp, existing);
            temporaries.add(temp);
        }
        links.clear();
    }

    private void stageMetadata(FileEntry e) throws IOException {
        if (newDirectories.contains(e.path())) {
            return;
        }
        Path p = at.locate(stagedLocation(e.path()));
        FileKind kind = Stat.kindOf(p);
        if (kind != e.kind()) {
            throw conflict(e.path() + " changed on the target since it was listed");
        }
        Stat old = Stat.of(p);
        backups.note(e.path(), old, "metadata");
        journal.before(e.path(), p, null, old);
    }

    /** Waits for the helper threads' writes, the first that failed aborting the batch, then makes the links. */
    void finishWrites() throws IOException {
        Optional<ParallelWrites.Failure> failed = writes.finish();
        writes.close();
        rethrow(failed);
        makeLinks();
    }

    /** Forces every staged file, then every backup, to disk before anything is renamed. */
    void syncStaged() throws IOException {
        List<Path> all = new ArrayList<>(unsynced);
        all.addAll(unsyncedBackups); // new data first: its commit then carries the backups' links
        Durable.forceAll(all);
        unsynced.clear();
        unsyncedBackups.clear();
    }

    void commit(Action a) throws IOException {
        current = a.path();
        Path target = at.locate(a.path());
        if (!(a instanceof Action.SetMetadata)) {
            rememberParent(a.path()); // a commit taken back puts its directory's mtime back too
        }
        if (a instanceof Action.Remove r) {
            if (!keptDirectories.contains(a.path()) && Files.deleteIfExists(target)) {
                journal.removed(a.path(), target);
                if (r.entry().kind() == FileKind.DIRECTORY) {
                    at.forget(a.path()); // nothing may be done through the removed directory any more
                }
            }
        } else if (a instanceof Action.MakeDirectory) {
            RelPath tempRel = stagedDirectories.get(a.path());
            if (tempRel != null) {
                Path temp = at.locate(tempRel);
                Files.move(temp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                temporaries.remove(temp);
                journal.renamed(temp, target, () -> temporaries.add(temp));
            }
        } else if (a instanceof Action.PutFile || a instanceof Action.MakeSymlink || a instanceof Action.MakeLink) {
            Path temp = at.locate(a.path().parent().child(stagedNames.get(a.path())));
            Applier.renameIntoPlace(temp, target);
            temporaries.remove(temp);
            journal.put(a.path(), target);
        } else if (a instanceof Action.SetMetadata s) {
            metadata.apply(target, s.entry());
            journal.metadata(s.entry(), target);
        }
    }

    /** What the commit did so far, to take back. */
    CommitJournal journal() {
        return journal;
    }

    /**
     * Removes every temporary left and every directory this batch created, deepest first, and puts
     * back the mtimes of the directories it wrote into: an aborted batch leaves no trace.
     */
    void rollback() {
        writes.close();
        removeTemporaries();
        for (int i = createdDirectories.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdDirectories.get(i));
            } catch (IOException e) {
                LOG.warn("could not remove directory {} created by an aborted batch: {}", createdDirectories.get(i),
                        e.toString());
            }
        }
        for (Map.Entry<Path, java.nio.file.attribute.FileTime> t : parentTimes.entrySet()) {
            try {
                if (Files.isDirectory(t.getKey())) { // pinned: followed on purpose
                    FileTimes.setModifiedFollowing(t.getKey(), Stat.nanos(t.getValue()));
                }
            } catch (IOException e) {
                LOG.debug("could not restore the mtime of {}: {}", t.getKey(), e.toString());
            }
        }
    }

    /** Removes every temporary file, symlink and directory still staged. */
    void removeTemporaries() {
        for (Path t : temporaries) {
            try {
                BackupStore.deleteTree(t);
            } catch (IOException e) {
                LOG.warn("could not remove temporary {}: {}; it is swept at the next start", t, e.toString());
            }
        }
        temporaries.clear();
    }

    private static ApplyException conflict(String why) {
        return new ApplyException(ApplyException.Code.CONFLICT, "batch aborted, nothing changed: " + why
                + "; the target changed under the plan, run again", List.of(why));
    }
}
