package io.confsync.manifest.plan;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.RootState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares a source and a target manifest and returns the {@link Plan} that makes the target equal
 * to the source. Pure and stateless: no file system, clock or logging.
 */
public final class Planner {

    private Planner() {
    }

    /** The plan that turns {@code target} into {@code source}. */
    public static Plan plan(Manifest source, Manifest target, PlanOptions options) {
        return new Pass(source, target, options).run();
    }

    /**
     * The plan for a target that differs from the source only at or under the given paths (and in
     * their parent directories' metadata): both manifests are cut down to those subtrees first, so
     * the cost follows the size of the change, not of the tree. With no paths, nothing to do.
     */
    public static Plan planUnder(Manifest source, Manifest target, PlanOptions options,
                                 java.util.Collection<RelPath> dirty) {
        java.util.Map<RelPath, FileEntry> s = new java.util.HashMap<>();
        java.util.Map<RelPath, FileEntry> t = new java.util.HashMap<>();
        dirty = withLinkedNames(dirty, source, target);
        for (RelPath d : dirty) {
            source.under(d).forEach(e -> s.put(e.path(), e));
            target.under(d).forEach(e -> t.put(e.path(), e));
            RelPath parent = d.parent();
            if (parent != null) {
                java.util.Optional.ofNullable(source.get(parent)).ifPresent(e -> s.put(parent, e));
                java.util.Optional.ofNullable(target.get(parent)).ifPresent(e -> t.put(parent, e));
            }
        }
        return plan(Manifest.of(s.values()), Manifest.of(t.values()), options);
    }

    /**
     * {@code dirty} with both names of every hard link of either manifest that has one name at or
     * under a dirty path: rewriting a file gives it a new inode, and its other names must follow.
     */
    private static java.util.Collection<RelPath> withLinkedNames(java.util.Collection<RelPath> dirty, Manifest source,
                                                             Manifest target) {
        java.util.Set<RelPath> out = null;
        for (Manifest m : List.of(source, target)) {
            for (FileEntry e : m) {
                if (e.linkedTo() != null && dirty.stream().anyMatch(d -> e.path().startsWith(d)
                        || e.linkedTo().startsWith(d))) {
                    out = out == null ? new java.util.LinkedHashSet<>(dirty) : out;
                    out.add(e.path());
                    out.add(e.linkedTo());
                }
            }
        }
        return out == null ? dirty : out;
    }

    /**
     * True if mode, ownership (when kept), mtime, extended attributes (ACLs included) or holes
     * differ. Symlink modes are not compared.
     */
    public static boolean metadataDiffers(FileEntry s, FileEntry t, boolean keepOwnership) {
        boolean mode = s.kind() != FileKind.SYMLINK && s.mode() != t.mode();
        return mode || s.mtimeNanos() != t.mtimeNanos() || keepOwnership && !s.sameOwnership(t)
                || !s.xattrs().equals(t.xattrs()) || !s.holes().equals(t.holes());
    }

    /** One planning pass. */
    private static final class Pass {
        final Manifest source;
        final Manifest target;
        final PlanOptions options;
        final List<Action> typeChanges = new ArrayList<>();
        final List<Action> updates = new ArrayList<>();
        final List<Action> deletions = new ArrayList<>();
        final List<Action> directoryMetadata = new ArrayList<>();
        final Set<RelPath> removed = new HashSet<>();
        /** Target entries under a guarded root that the source lacks, by root, in root order. */
        final java.util.Map<RelPath, List<FileEntry>> withheld = new java.util.TreeMap<>();
        final Set<RelPath> touchedDirectories = new HashSet<>();
        /** Files this plan gives a new inode: their other hard-linked names must be linked again. */
        final Set<RelPath> newInodes = new HashSet<>();

        Pass(Manifest source, Manifest target, PlanOptions options) {
            this.source = source;
            this.target = target;
            this.options = options;
        }

        Plan run() {
            planTypeChanges();
            for (FileEntry s : source) {
                if (!options.isHeld(s.path())) {
                    planEntry(s);
                }
            }
            if (options.delete()) {
                planDeletions();
            }
            planDirectoryMetadata();
            List<Action> all = new ArrayList<>(typeChanges);
            all.addAll(updates);
            all.addAll(deletions);
            all.addAll(directoryMetadata);
            List<Withheld> held = new ArrayList<>();
            withheld.forEach((root, entries) -> held.add(guarded(root, options.guardedRoots().get(root), entries)));
            return new Plan(all, held);
        }

        static Withheld guarded(RelPath root, RootState state, List<FileEntry> entries) {
            String where = "/" + root.value();
            int n = entries.size();
            String what = n + (n == 1 ? " entry" : " entries") + " on the target " + (n == 1 ? "is" : "are")
                    + " not deleted";
            return switch (state) {
                case EMPTY -> new Withheld(Withheld.Guard.SOURCE_ROOT_EMPTY, root, entries, where
                        + " is empty on the source: " + what + "; an emptied source deletes only with --force");
                case MISSING -> new Withheld(Withheld.Guard.SOURCE_ROOT_MISSING, root, entries, where
                        + " is missing on the source: " + what + "; a missing source never deletes: restore it, "
                        + "or remove them on the standby by hand");
                default -> new Withheld(Withheld.Guard.SOURCE_ROOT_UNREADABLE, root, entries, where
                        + " could not be read completely on the source: " + what + " until it can be");
            };
        }

        void planTypeChanges() {
            for (FileEntry t : target) {
                FileEntry s = source.get(t.path());
                if (s != null && s.kind() != t.kind() && !removed.contains(t.path()) && !options.isHeld(t.path())) {
                    List<FileEntry> subtree = target.under(t.path());
                    Collections.reverse(subtree);
                    for (FileEntry doomed : subtree) {
                        typeChanges.add(new Action.Remove(doomed, Action.Reason.TYPE_CHANGE));
                        removed.add(doomed.path());
                    }
                    touch(t.path());
                }
            }
        }

        void planEntry(FileEntry s) {
            FileEntry t = removed.contains(s.path()) ? null : target.get(s.path());
            switch (s.kind()) {
                case DIRECTORY -> {
                    if (t == null) {
                        updates.add(new Action.MakeDirectory(s));
                        touch(s.path());
                    }
                }
                case FILE -> planFile(s, t);
                case SYMLINK -> {
                    if (t == null || !s.sameContent(t)) {
                        updates.add(new Action.MakeSymlink(s, t));
                        touch(s.path());
                    } else if (metadataDiffers(s, t, options.keepOwnership())) {
                        updates.add(new Action.SetMetadata(s, t));
                    }
                }
            }
        }

        void planFile(FileEntry s, FileEntry t) {
            if (s.linkedTo() != null) {
                // The first name of the group comes first in path order: its action is known by now.
                if (!options.isHeld(s.linkedTo()) && (t == null || !s.sameContent(t)
                        || !s.linkedTo().equals(t.linkedTo()) || newInodes.contains(s.linkedTo()))) {
                    updates.add(new Action.MakeLink(s, t));
                    touch(s.path());
                }
                return; // its metadata is the first name's
            }
            if (t == null || !s.sameContent(t) || t.linkedTo() != null) {
                // A name the target shares with another file but the source does not gets its own inode.
                updates.add(new Action.PutFile(s, t));
                newInodes.add(s.path());
                touch(s.path());
            } else if (metadataDiffers(s, t, options.keepOwnership())) {
                updates.add(new Action.SetMetadata(s, t));
            }
        }

        void planDeletions() {
            List<FileEntry> reversed = new ArrayList<>(target.entries());
            Collections.reverse(reversed);
            for (FileEntry t : reversed) {
                RelPath p = t.path();
                if (source.contains(p) || removed.contains(p) || options.isHeld(p)) {
                    continue; // a held path's source state is unknown: neither deleted nor reported
                }
                RelPath guarded = options.guardedRootOf(p);
                if (guarded != null) {
                    withheld.computeIfAbsent(guarded, k -> new ArrayList<>()).add(t);
                    continue;
                }
                deletions.add(new Action.Remove(t, Action.Reason.DELETED));
                removed.add(p);
                touch(p);
            }
        }

        void planDirectoryMetadata() {
            List<FileEntry> reversed = new ArrayList<>(source.entries());
            Collections.reverse(reversed);
            for (FileEntry s : reversed) {
                if (s.kind() != FileKind.DIRECTORY || options.isHeld(s.path())) {
                    continue;
                }
                FileEntry t = removed.contains(s.path()) ? null : target.get(s.path());
                if (t == null || touchedDirectories.contains(s.path())
                        || metadataDiffers(s, t, options.keepOwnership())) {
                    directoryMetadata.add(new Action.SetMetadata(s, t));
                }
            }
        }

        /** A change at {@code p} changes its parent directory's mtime, which must then be set again. */
        void touch(RelPath p) {
            RelPath parent = p.parent();
            if (parent != null) {
                touchedDirectories.add(parent);
            }
        }
    }
}
