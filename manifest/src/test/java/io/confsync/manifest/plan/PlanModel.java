package io.confsync.manifest.plan;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import java.util.TreeMap;

/**
 * A model of a target tree that applies plan actions the way the applier does and fails on any
 * action a real file system would refuse or that would lose order (a child before its parent, a
 * non-empty directory removed, a rename over a directory). Creating or removing an entry marks the
 * parent directory's mtime as disturbed, as the kernel does.
 */
final class PlanModel {

    private static final long DISTURBED = -1;
    private final TreeMap<RelPath, FileEntry> tree = new TreeMap<>();

    PlanModel(Manifest start) {
        start.forEach(e -> tree.put(e.path(), e));
    }

    Manifest apply(Plan plan) {
        plan.actions().forEach(this::apply);
        return Manifest.of(tree.values());
    }

    private void apply(Action a) {
        if (a instanceof Action.MakeDirectory m) {
            requireAbsent(m.path());
            create(Fixtures.withMtime(Fixtures.withMode(m.entry(), 0700), DISTURBED));
        } else if (a instanceof Action.PutFile p) {
            replace(p.entry(), FileKind.FILE);
        } else if (a instanceof Action.MakeSymlink l) {
            replace(l.entry(), FileKind.SYMLINK);
        } else if (a instanceof Action.SetMetadata s) {
            FileEntry cur = require(s.path());
            check(cur.kind() == s.entry().kind() && cur.sameContent(s.entry()), "metadata on changed entry", s);
            tree.put(s.path(), s.entry());
        } else if (a instanceof Action.Remove r) {
            FileEntry cur = require(r.path());
            check(cur.kind() == r.entry().kind() && cur.sameContent(r.entry()), "removing an entry other than planned", r);
            RelPath next = tree.higherKey(r.path());
            check(next == null || !next.startsWith(r.path()), "removing a non-empty directory", r);
            tree.remove(r.path());
            disturbParent(r.path());
        }
    }

    private void replace(FileEntry e, FileKind kind) {
        FileEntry cur = tree.get(e.path());
        check(cur == null || cur.kind() == kind, "rename over another kind of entry", e);
        create(e);
    }

    private void create(FileEntry e) {
        RelPath parent = e.path().parent();
        if (parent != null) {
            FileEntry p = tree.get(parent);
            check(p != null && p.kind() == FileKind.DIRECTORY, "parent missing or not a directory", e);
        }
        tree.put(e.path(), e);
        disturbParent(e.path());
    }

    private void disturbParent(RelPath p) {
        RelPath parent = p.parent();
        FileEntry d = parent == null ? null : tree.get(parent);
        if (d != null) {
            tree.put(parent, Fixtures.withMtime(d, DISTURBED));
        }
    }

    private FileEntry require(RelPath p) {
        FileEntry e = tree.get(p);
        check(e != null, "no entry", p);
        return e;
    }

    private void requireAbsent(RelPath p) {
        check(!tree.containsKey(p), "entry already there", p);
    }

    private static void check(boolean ok, String what, Object about) {
        if (!ok) {
            throw new AssertionError(what + ": " + about);
        }
    }
}
