package io.confsync.manifest.plan;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.RelPath;
import java.util.List;

/**
 * Changes a plan holds back, and why: deletes (the target's entries are left in place) or, for a
 * file above the size limit, its new version (the target keeps what it has). Everything else of the
 * plan goes ahead: a guard holds back only what it must (invariant 8).
 *
 * @param guard   what held them
 * @param root    the sync root concerned; {@link RelPath#ROOT} for the mass-delete guard, which
 *                weighs the whole plan; the file itself for {@link Guard#TOO_LARGE}
 * @param entries the entries concerned (the target's for deletes, deepest first; the source's
 *                for a file too large); never empty
 * @param reason  one line for the operator, saying what to do
 */
public record Withheld(Guard guard, RelPath root, List<FileEntry> entries, String reason) {

    /** The guards that hold deletes back. */
    public enum Guard {
        /** The source root does not exist: never deletes (invariant 5). */
        SOURCE_ROOT_MISSING,
        /** The source root could not be read completely: never deletes (invariant 5). */
        SOURCE_ROOT_UNREADABLE,
        /** The source root is an empty directory: deletes only when forced (invariant 5). */
        SOURCE_ROOT_EMPTY,
        /** The plan would delete more than the allowed share of the target's files. */
        MASS_DELETE,
        /** A file above {@code limits.max-file-size}: it is not sent. */
        TOO_LARGE
    }

    /** Copies the list. */
    public Withheld {
        entries = List.copyOf(entries);
    }

    /** Regular files among the entries. */
    public long files() {
        return entries.stream().filter(e -> e.kind() == FileKind.FILE).count();
    }

    /** True if {@code --force} releases these deletes (a missing or unreadable root never deletes). */
    public boolean forceable() {
        return guard == Guard.SOURCE_ROOT_EMPTY || guard == Guard.MASS_DELETE;
    }
}
