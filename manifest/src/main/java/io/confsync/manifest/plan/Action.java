package io.confsync.manifest.plan;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.RelPath;

/**
 * One step of a {@link Plan}. Every action names the entry it makes true ({@code entry}) and, where
 * there is one, the target's entry it replaces or removes.
 */
public sealed interface Action {

    /** The path acted on. */
    RelPath path();

    /** The entry the action makes true, or for a removal the target's entry it removes. */
    FileEntry entry();

    /** Content bytes this action moves from the source; 0 for all but {@link PutFile}. */
    default long bytes() {
        return 0;
    }

    /** The target's entry this action replaces or changes, or null (and for a removal). */
    default FileEntry replaced() {
        return null;
    }

    /** Short verb for plan listings. */
    String verb();

    /**
     * Create a directory; its final mode, owner and mtime are set by a later {@link SetMetadata}, so
     * that a read-only directory can still be filled.
     *
     * @param entry the source's directory; never null
     */
    record MakeDirectory(FileEntry entry) implements Action {
        @Override
        public RelPath path() {
            return entry.path();
        }

        @Override
        public String verb() {
            return "mkdir";
        }
    }

    /**
     * Write a file's content (staged, verified, renamed into place) with all its metadata.
     *
     * @param entry    the source's file; never null
     * @param replaced the target's file it replaces, or null for a new file
     */
    record PutFile(FileEntry entry, FileEntry replaced) implements Action {
        @Override
        public RelPath path() {
            return entry.path();
        }

        @Override
        public long bytes() {
            return entry.size();
        }

        @Override
        public String verb() {
            return replaced == null ? "create" : "update";
        }
    }

    /**
     * Create or replace a symlink.
     *
     * @param entry    the source's symlink; never null
     * @param replaced the target's symlink it replaces, or null
     */
    record MakeSymlink(FileEntry entry, FileEntry replaced) implements Action {
        @Override
        public RelPath path() {
            return entry.path();
        }

        @Override
        public String verb() {
            return "symlink";
        }
    }

    /**
     * Make a file another name of the file it is hard-linked to on the source ({@link
     * FileEntry#linkedTo}), which the same plan writes first or which is already in place. The two
     * share content and metadata, so nothing of either is sent for this name.
     *
     * @param entry    the source's file, with {@code linkedTo} set; never null
     * @param replaced the target's file it replaces, or null
     */
    record MakeLink(FileEntry entry, FileEntry replaced) implements Action {
        /** Checks that the entry is a hard link. */
        public MakeLink {
            if (entry.linkedTo() == null) {
                throw new IllegalArgumentException(entry.path() + " is not a hard link");
            }
        }

        @Override
        public RelPath path() {
            return entry.path();
        }

        @Override
        public String verb() {
            return "link";
        }
    }

    /**
     * Set mode, ownership, mtime, extended attributes and holes without touching content.
     *
     * @param entry   the source's entry, carrying the wanted metadata; never null
     * @param current the target's entry now, or null for a directory created by this plan
     */
    record SetMetadata(FileEntry entry, FileEntry current) implements Action {
        @Override
        public FileEntry replaced() {
            return current;
        }

        @Override
        public RelPath path() {
            return entry.path();
        }

        @Override
        public String verb() {
            return "meta";
        }
    }

    /**
     * Remove an entry from the target (a directory only once it is empty).
     *
     * @param entry  the target's entry; never null
     * @param reason why it goes
     */
    record Remove(FileEntry entry, Reason reason) implements Action {
        @Override
        public RelPath path() {
            return entry.path();
        }

        @Override
        public String verb() {
            return reason == Reason.TYPE_CHANGE ? "replace" : "delete";
        }
    }

    /** Why an entry is removed. */
    enum Reason {
        /** It is not on the source. */
        DELETED,
        /** The source has another kind of entry at the path (file, directory, symlink). */
        TYPE_CHANGE
    }
}
