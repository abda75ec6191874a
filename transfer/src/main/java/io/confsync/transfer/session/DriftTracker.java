package io.confsync.transfer.session;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.ScanResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the receiver expects its files to be (its last scan, advanced by every committed batch) and
 * which paths the watcher saw change since. A changed path whose state differs from the
 * expectation is drift; confsync's own writes match the expectation and are not. Thread-safe.
 */
final class DriftTracker {

    private ScanResult expected;
    private final Set<RelPath> touched = new HashSet<>();
    private boolean lostAll;

    synchronized void expect(ScanResult scan) {
        expected = scan;
    }

    synchronized void committed(io.confsync.manifest.plan.Plan plan) {
        if (expected != null) {
            expected = expected.withManifest(plan.applyTo(expected.manifest()));
        }
    }

    synchronized ScanResult expected() {
        return expected;
    }

    synchronized void touched(RelPath p) {
        touched.add(p);
    }

    synchronized void lost() {
        lostAll = true;
    }

    /** The paths to look at, and whether to look at everything; clears both. */
    synchronized Pending take() {
        Pending p = new Pending(Set.copyOf(touched), lostAll);
        touched.clear();
        lostAll = false;
        return p;
    }

    /**
     * Paths to check.
     *
     * @param paths changed paths
     * @param all   compare everything
     */
    record Pending(Set<RelPath> paths, boolean all) {
        boolean isEmpty() {
            return paths.isEmpty() && !all;
        }
    }

    /** Paths whose entries differ between the expectation and a fresh scan, directory mtimes aside. */
    static List<RelPath> differences(Manifest expected, Manifest actual) {
        Set<RelPath> all = new TreeSet<>();
        expected.forEach(e -> all.add(e.path()));
        actual.forEach(e -> all.add(e.path()));
        List<RelPath> out = new ArrayList<>();
        for (RelPath p : all) {
            FileEntry a = expected.get(p);
            FileEntry b = actual.get(p);
            if (a == null || b == null) {
                out.add(p);
            } else if (!a.equals(b) && !(a.kind() == FileKind.DIRECTORY && b.kind() == FileKind.DIRECTORY
                    && a.mode() == b.mode() && a.sameOwnership(b) && a.xattrs().equals(b.xattrs()))) {
                out.add(p);
            }
        }
        return out;
    }
}
