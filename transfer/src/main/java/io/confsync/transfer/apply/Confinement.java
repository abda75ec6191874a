package io.confsync.transfer.apply;

import io.confsync.manifest.FileKind;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Stat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The receiver's own limits on where it writes: inside its configured roots (never what a sender
 * claims) and off its node-local paths, never onto a confsync temporary name, never through a
 * symlink or non-directory parent.
 */
final class Confinement {

    private final Path base;
    private final PathRules rules;
    private final Set<RelPath> verified = new HashSet<>();
    /** Ancestors found missing: what is under them is created by this batch, each level checked by staging. */
    private final Set<RelPath> missing = new HashSet<>();

    Confinement(Path base, PathRules rules) {
        this.base = base;
        this.rules = rules;
    }

    /** Null if the path may be written, else why not. */
    String violation(RelPath p) throws IOException {
        if (!rules.includes(p)) {
            return rules.isNodeLocal(p) ? p + ": node-local on this node; confsync never writes it"
                    : p + ": outside this node's sync roots";
        }
        for (RelPath a : p.ancestors()) {
            if (verified.contains(a)) {
                continue;
            }
            if (missing.contains(a)) {
                return null;
            }
            FileKind kind = Stat.kindOf(a.resolveIn(base));
            if (kind == null) {
                missing.add(a);
                return null; // created by this batch
            }
            if (kind == FileKind.SYMLINK) {
                return p + ": parent " + a + " is a symlink; confsync never writes through one";
            }
            if (kind != FileKind.DIRECTORY) {
                return null; // a file in the way: the plan's own type change handles it, or staging fails
            }
            verified.add(a);
        }
        return null;
    }
}
