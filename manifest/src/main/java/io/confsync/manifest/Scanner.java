package io.confsync.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link Manifest} of the sync set under a base directory of any file system. Never follows
 * symlinks; skips sockets, FIFOs and devices with a warning. Digests come from the {@link HashCache}
 * when the file's stamp is unchanged.
 *
 * <p>A file whose stamp changes while it is hashed is read again, a bounded number of times, and
 * otherwise reported as held. A file modified within {@link #RACY_WINDOW_NANOS} of the scan start
 * is hashed but not cached, so that a same-size rewrite in the same timestamp tick is seen next time
 * (git's racy-clean rule).
 */
public final class Scanner {

    private static final Logger LOG = LoggerFactory.getLogger(Scanner.class);
    /** Timestamp granularity assumed for the racy-clean rule: covers coarse kernel clocks and FAT. */
    public static final long RACY_WINDOW_NANOS = 2_000_000_000L;
    private static final int MAX_READ_ATTEMPTS = 3;
    private static final int MAX_DEPTH = 256;

    private final HashCache cache;
    private final Clock clock;
    /** Names that cannot be synchronized, each logged once per scanner (a service rescans often). */
    private final Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param cache digests of earlier scans; never null
     * @param clock used only for the racy-clean rule; never for change decisions
     */
    public Scanner(HashCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * Scans every root of the rules under {@code base}.
     *
     * @throws IOException only if {@code base} itself cannot be read
     */
    public ScanResult scan(Path base, PathRules rules) throws IOException {
        if (!Files.isDirectory(base)) {
            throw new NoSuchFileException(base.toString(), null, "base directory does not exist");
        }
        Run run = new Run(base, rules, Stat.nanos(java.nio.file.attribute.FileTime.from(clock.instant())));
        long t0 = System.nanoTime();
        for (SyncRoot root : rules.roots()) {
            run.roots.put(root.path(), run.scanRoot(root));
        }
        cache.forgetUnseen(rules.roots().stream().map(r -> r.path().resolveIn(base)).toList(), run.files);
        LOG.debug("scanned {}: {} entries, {} hashed ({} bytes), in {} ms", base, run.entries.size(),
                run.filesHashed == 1 ? "1 file" : run.filesHashed + " files", run.bytesHashed, (System.nanoTime() - t0) / 1_000_000);
        java.util.TreeMap<RelPath, FileEntry> sorted = new java.util.TreeMap<>();
        run.entries.forEach(e -> sorted.put(e.path(), e));
        run.linkWarnings(LinkGroups.mark(sorted, run.links));
        return new ScanResult(Manifest.ofSorted(sorted), run.roots, run.held, run.warnings, run.bytesHashed,
                run.filesHashed, run.nodeLocal, run.links);
    }

    /**
     * Rescans only the given paths and merges them into a previous scan: what a watcher batch
     * needs. A dirty path that is gone loses its entries; one that exists is read again with
     * everything under it; its parent directory is read again too (its mtime changed).
     *
     * @throws IOException only if {@code base} itself cannot be read
     */
    public ScanResult rescan(Path base, PathRules rules, ScanResult previous, java.util.Collection<RelPath> dirty)
            throws IOException {
        Run run = new Run(base, rules, Stat.nanos(java.nio.file.attribute.FileTime.from(clock.instant())));
        java.util.TreeMap<RelPath, FileEntry> merged = previous.manifest().mutableCopy();
        Set<RelPath> held = new HashSet<>(previous.held());
        Set<RelPath> nodeLocal = new HashSet<>(previous.nodeLocal());
        Map<RelPath, RootState> roots = new LinkedHashMap<>(previous.roots());
        Map<RelPath, LinkGroups.Member> links = new java.util.HashMap<>(previous.links());
        Set<RelPath> targets = new java.util.TreeSet<>();
        dirty = LinkGroups.withOtherNames(dirty, previous.links());
        for (RelPath d : dirty) {
            if (rules.rootOf(d).isEmpty()) {
                continue;
            }
            targets.add(d);
            RelPath parent = d.parent();
            if (parent != null && rules.rootOf(parent).isPresent() && !rules.roots().stream()
                    .anyMatch(r -> r.path().startsWith(d))) {
                targets.add(parent);
            }
        }
        for (RelPath t : targets) {
            boolean whole = !merged.containsKey(t) || merged.get(t).kind() != FileKind.DIRECTORY
                    || dirty.contains(t);
            SyncRoot root = rules.rootOf(t).orElseThrow();
            if (t.equals(root.path()) || whole) {
                Manifest.removeSubtree(merged, t);
                held.removeIf(p -> p.startsWith(t));
                nodeLocal.removeIf(p -> p.startsWith(t));
                links.keySet().removeIf(p -> p.startsWith(t));
                if (t.equals(root.path())) {
                    roots.put(t, run.scanRoot(root));
                } else {
                    run.visitIfPresent(t);
                }
            } else {
                run.restat(t); // a parent directory: its own entry only
                merged.remove(t);
            }
        }
        run.entries.forEach(e -> merged.put(e.path(), e));
        links.putAll(run.links);
        if (LinkGroups.linkedOutside(run.links, links, previous.links())) {
            // A new hard link to a file this rescan did not visit: only a full scan finds its first name.
            return scan(base, rules);
        }
        held.addAll(run.held);
        nodeLocal.addAll(run.nodeLocal);
        run.linkWarnings(LinkGroups.mark(merged, links));
        return new ScanResult(Manifest.ofSorted(merged), roots, held, run.warnings, run.bytesHashed,
                run.filesHashed, nodeLocal, links);
    }

    /** The state of one scan. */
    private final class Run {
        final Path base;
        final PathRules rules;
        final long startNanos;
        final List<FileEntry> entries = new ArrayList<>();
        final Map<RelPath, RootState> roots = new LinkedHashMap<>();
        final Set<RelPath> held = new HashSet<>();
        /** Node-local paths met, not read. */
        final Set<RelPath> nodeLocal = new HashSet<>();
        /** Paths held because they could not be read: their root's state is then unknown. */
        int unreadable;
        final List<String> warnings = new ArrayList<>();
        final Stat.Names names = new Stat.Names();
        /** Every regular file met, as the hash cache names it. */
        final Set<String> files = new HashSet<>();
        /** Files with more than one hard link. */
        final Map<RelPath, LinkGroups.Member> links = new java.util.HashMap<>();
        long bytesHashed;
        int filesHashed;

        Run(Path base, PathRules rules, long startNanos) {
            this.base = base;
            this.rules = rules;
            this.startNanos = startNanos;
        }

        RootState scanRoot(SyncRoot root) {
            Path p = root.path().resolveIn(base);
            Stat st;
            try {
                st = Stat.of(p, names);
            } catch (NoSuchFileException e) {
                return RootState.MISSING;
            } catch (IOException e) {
                hold(root.path(), "cannot read sync root: " + e.getMessage());
                return RootState.UNREADABLE;
            }
            int before = entries.size();
            int unreadableBefore = unreadable;
            visit(root.path(), p, st, 0);
            if (unreadable > unreadableBefore) {
                return RootState.UNREADABLE;
            }
            boolean emptyDir = st.kind() == FileKind.DIRECTORY && entries.size() - before <= 1;
            return emptyDir ? RootState.EMPTY : RootState.PRESENT;
        }

        /** Reads a path with everything under it, if it still exists and is included. */
        void visitIfPresent(RelPath rel) {
            if (!rules.includes(rel)) {
                if (rules.isNodeLocal(rel) && Files.exists(rel.resolveIn(base), LinkOption.NOFOLLOW_LINKS)) {
                    nodeLocal.add(rel);
                }
                return;
            }
            Path p = rel.resolveIn(base);
            try {
                visit(rel, p, Stat.of(p, names), rel.depth());
            } catch (NoSuchFileException e) {
                // deleted: its entries are gone
            } catch (IOException e) {
                hold(rel, "cannot read: " + e.getMessage());
            }
        }

        /** Reads a directory's own entry again, not its contents. */
        void restat(RelPath rel) {
            Path p = rel.resolveIn(base);
            try {
                Stat st = Stat.of(p, names);
                if (st.kind() == FileKind.DIRECTORY) {
                    add(rel, p, FileKind.DIRECTORY, st, 0, null, null);
                } else {
                    visit(rel, p, st, rel.depth());
                }
            } catch (NoSuchFileException e) {
                // gone; a later event reports it
            } catch (IOException e) {
                hold(rel, "cannot read: " + e.getMessage());
            }
        }

        void visit(RelPath rel, Path p, Stat st, int depth) {
            if (st.kind() == null) {
                warn(rel, "skipped: not a regular file, directory or symlink (socket, FIFO or device)");
                return;
            }
            switch (st.kind()) {
                case FILE -> file(rel, p, st);
                case SYMLINK -> symlink(rel, p, st);
                case DIRECTORY -> directory(rel, p, st, depth);
            }
        }

        void directory(RelPath rel, Path p, Stat st, int depth) {
            if (depth > MAX_DEPTH) {
                hold(rel, "deeper than " + MAX_DEPTH + " levels");
                return;
            }
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                ds.forEach(children::add);
            } catch (IOException e) {
                hold(rel, "cannot list directory: " + e.getMessage());
                return;
            }
            add(rel, p, FileKind.DIRECTORY, st, 0, null, null);
            for (Path child : children) {
                if (!FileNames.faithful(child.getFileName())) {
                    unsyncable(child, "name");
                    continue; // no node can name it: it is neither sent nor deleted anywhere
                }
                String name = child.getFileName().toString();
                RelPath childRel;
                try {
                    childRel = rel.child(name);
                } catch (IllegalArgumentException e) {
                    warn(rel, "skipped an entry whose name cannot be synchronized: " + e.getMessage());
                    continue;
                }
                if (!rules.includes(childRel)) {
                    if (rules.isNodeLocal(childRel)) {
                        nodeLocal.add(childRel);
                    }
                    continue;
                }
                try {
                    visit(childRel, child, Stat.of(child, names), depth + 1);
                } catch (NoSuchFileException e) {
                    // Removed between listing and stat: it is simply not there any more.
                } catch (IOException e) {
                    hold(childRel, "cannot read: " + e.getMessage());
                }
            }
        }

        void symlink(RelPath rel, Path p, Stat st) {
            try {
                Path link = Files.readSymbolicLink(p);
                if (!FileNames.faithful(link)) {
                    // Held, not skipped: the node's own copy of this symlink must not be deleted.
                    held.add(rel);
                    unsyncable(p, "target");
                    return;
                }
                String target = link.toString();
                // The JDK sets a symlink's own times with lutimes(2), to the microsecond: compare at that.
                Stat micros = new Stat(st.kind(), st.size(), st.mode(), st.uid(), st.gid(), st.owner(), st.group(),
                        st.mtimeNanos() - Math.floorMod(st.mtimeNanos(), 1000L), st.ctimeNanos(), st.fileKey(), st.links());
                add(rel, p, FileKind.SYMLINK, micros, target.length(), null, target);
            } catch (IOException e) {
                hold(rel, "cannot read symlink: " + e.getMessage());
            }
        }

        void file(RelPath rel, Path p, Stat first) {
            files.add(p.toString());
            Digest cached = cache.lookup(p, first);
            if (cached != null) {
                add(rel, p, FileKind.FILE, first, first.size(), cached, null);
                return;
            }
            Stat before = first;
            for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
                try {
                    Digest.Hasher.Result r;
                    try (InputStream in = Files.newInputStream(p)) {
                        r = Digest.of(in);
                    }
                    bytesHashed += r.length();
                    filesHashed++;
                    Stat after = Stat.of(p, names);
                    if (after.sameVersion(before) && r.length() == after.size()) {
                        if (after.mtimeNanos() < startNanos - RACY_WINDOW_NANOS
                                && after.ctimeNanos() < startNanos - RACY_WINDOW_NANOS) {
                            cache.remember(p, after, r.digest());
                        }
                        add(rel, p, FileKind.FILE, after, after.size(), r.digest(), null);
                        return;
                    }
                    before = after;
                } catch (NoSuchFileException e) {
                    return;
                } catch (IOException e) {
                    hold(rel, "cannot read: " + e.getMessage());
                    return;
                }
            }
            hold(rel, "changed while being read " + MAX_READ_ATTEMPTS + " times; will retry next pass");
        }

        /** Adds the entry with its extended attributes and holes, or holds it if they cannot be read. */
        void add(RelPath rel, Path p, FileKind kind, Stat st, long size, Digest digest, String target) {
            Xattrs xattrs;
            try {
                xattrs = AttributeReader.xattrs(p);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                hold(rel, e.getMessage());
                return;
            }
            Holes holes = kind == FileKind.FILE ? AttributeReader.holes(p, size) : Holes.NONE;
            entries.add(new FileEntry(rel, kind, size, st.mode(), st.owner(), st.group(), st.uid(), st.gid(),
                    st.mtimeNanos(), digest, target, xattrs, null, holes));
            if (kind == FileKind.FILE && st.links() > 1) {
                links.put(rel, new LinkGroups.Member(rules.rootOf(rel).orElseThrow().path(), st.fileKey(), st.links()));
            }
        }

        /** Hard links that cross the sync set's boundary: in every scan's warnings, logged once. */
        void linkWarnings(List<String> lines) {
            for (String line : lines) {
                warnings.add(line);
                if (reported.add(line)) {
                    LOG.warn(line);
                }
            }
        }

        void hold(RelPath rel, String why) {
            held.add(rel);
            unreadable++;
            warn(rel, why);
        }

        /**
         * An entry whose name (or symlink target) cannot be synchronized: reported by its exact
         * bytes, once, and left out.
         */
        void unsyncable(Path p, String what) {
            String problem = FileNames.encodingProblem();
            String line = FileNames.escaped(p) + ": skipped: " + (problem == null ? "its " + what
                    + " is not valid UTF-8" : "its " + what + " cannot be read here: " + problem);
            warnings.add(line);
            if (reported.add(line)) {
                LOG.warn(line);
            }
        }

        void warn(RelPath rel, String why) {
            String line = rel + ": " + why;
            warnings.add(line);
            LOG.warn(line);
        }
    }
}
