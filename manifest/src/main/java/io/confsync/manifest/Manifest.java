package io.confsync.manifest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A sorted, immutable set of entries keyed by path. Iteration is in {@link RelPath} order: every
 * directory comes directly before what lies under it.
 */
public final class Manifest implements Iterable<FileEntry> {

    private static final Manifest EMPTY = new Manifest(new TreeMap<>());

    private final NavigableMap<RelPath, FileEntry> entries;

    private Manifest(NavigableMap<RelPath, FileEntry> entries) {
        this.entries = Collections.unmodifiableNavigableMap(entries);
    }

    /** The manifest with no entries. */
    public static Manifest empty() {
        return EMPTY;
    }

    /**
     * A manifest of the given entries.
     *
     * @throws IllegalArgumentException if two entries share a path
     */
    public static Manifest of(Collection<FileEntry> list) {
        TreeMap<RelPath, FileEntry> map = new TreeMap<>();
        for (FileEntry e : list) {
            if (map.put(e.path(), e) != null) {
                throw new IllegalArgumentException("duplicate path in manifest: " + e.path());
            }
        }
        return new Manifest(map);
    }

    /**
     * A manifest of entries already keyed and sorted by path: copied in linear time, without
     * comparing keys (a change on a 5,000-entry tree re-sorted the whole manifest twice otherwise).
     */
    public static Manifest ofSorted(java.util.SortedMap<RelPath, FileEntry> sorted) {
        return new Manifest(new TreeMap<>(sorted));
    }

    /** A mutable copy of the entries by path, made in linear time; see {@link #ofSorted}. */
    public TreeMap<RelPath, FileEntry> mutableCopy() {
        return new TreeMap<>(entries);
    }

    /**
     * Removes {@code prefix} and everything under it from a map keyed by path, in time logarithmic
     * in the map's size plus the entries removed: descendants sort right after their directory.
     */
    public static void removeSubtree(NavigableMap<RelPath, ?> map, RelPath prefix) {
        if (prefix.isRoot()) {
            map.clear();
            return;
        }
        var it = map.tailMap(prefix, true).keySet().iterator();
        while (it.hasNext() && it.next().startsWith(prefix)) {
            it.remove();
        }
    }

    /** The entry at a path, or null. */
    public FileEntry get(RelPath path) {
        return entries.get(path);
    }

    /** True if an entry exists at the path. */
    public boolean contains(RelPath path) {
        return entries.containsKey(path);
    }

    /** Number of entries. */
    public int size() {
        return entries.size();
    }

    /** True if there are no entries. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Entries in path order, unmodifiable. */
    public Collection<FileEntry> entries() {
        return entries.values();
    }

    /** Entries at or below a path, in order. */
    public List<FileEntry> under(RelPath prefix) {
        List<FileEntry> out = new ArrayList<>();
        subtree(prefix).forEach(out::add);
        return out;
    }

    /**
     * Entries at or below a path, in order, as a view: walking it costs what it holds plus a
     * logarithmic seek, as descendants sort right after their directory.
     */
    public Iterable<FileEntry> subtree(RelPath prefix) {
        if (prefix.isRoot()) {
            return entries.values();
        }
        return () -> new Iterator<>() {
            private final Iterator<FileEntry> rest = entries.tailMap(prefix, true).values().iterator();
            private FileEntry next = advance();

            private FileEntry advance() {
                FileEntry e = rest.hasNext() ? rest.next() : null;
                return e != null && e.path().startsWith(prefix) ? e : null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public FileEntry next() {
                if (next == null) {
                    throw new java.util.NoSuchElementException();
                }
                FileEntry e = next;
                next = advance();
                return e;
            }
        };
    }

    /** Number of regular files. */
    public long fileCount() {
        return entries.values().stream().filter(e -> e.kind() == FileKind.FILE).count();
    }

    @Override
    public Iterator<FileEntry> iterator() {
        return entries.values().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Manifest m && m.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Manifest[" + entries.size() + " entries]";
    }
}
