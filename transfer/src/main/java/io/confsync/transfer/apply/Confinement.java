package io.confsync.transfer.apply;

import io.confsync.manifest.FileKind;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Stat;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The receiver's own limits on where it writes: inside its configured roots (never what a sender
 * claims), never onto a confsync temporary name, never through a symlink or non-directory parent.
 */
final class Confinement {

    private final Path base;
    private final PathRules rules;
    private final Set<RelPath> verified = new HashSet<>();

    Confinement(Path base, PathRules rules) {
        this.base = base;
        this.rules = rules;
    }

    /** Null if the path may be written, else why not. */
    String violation(RelPath p) throws IOException {
        if (!rules.includes(p)) {
            return p + ": outside this node's sync roots";
        }
        for (RelPath a : p.ancestors()) {
            if (verified.contains(a)) {
                continue;
            }
            try {
                Stat st = Stat.of(a.resolveIn(base));
                if (st.kind() == FileKind.SYMLINK) {
                    return p + ": parent " + a + " is a symlink; confsync never writes through one";
                }
                if (st.kind() != FileKind.DIRECTORY) {
                    return null; // a file in the way: the plan's own type change handles it, or staging fails
                }
            } catch (NoSuchFileException e) {
                return null; // created by this batch
            }
            verified.add(a);
        }
        return null;
    }
}
