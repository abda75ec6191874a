package io.confsync.manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;

/**
 * Finds which files of a scan are hard links of one another. Files with more than one link are
 * grouped by inode within their sync root; every member but the first in path order is marked
 * {@link FileEntry#linkedTo} that first one, so that two nodes with the same links agree whatever
 * order their directories list in. Links that cross a sync root, or leave the sync set, cannot be
 * kept: the group is what lies inside one root, and the scan says so once per file.
 */
public final class LinkGroups {

    /**
     * One file with more than one link.
     *
     * @param root  its sync root
     * @param inode the inode's identity on its file system
     * @param links how many names the inode has
     */
    public record Member(RelPath root, String inode, int links) {
    }

    private LinkGroups() {
    }

    /**
     * Marks the hard links among {@code entries} from {@code members}, in place.
     *
     * @return one line per file whose inode has links that the scan did not find in its sync root
     */
    static List<String> mark(NavigableMap<RelPath, FileEntry> entries, Map<RelPath, Member> members) {
        Map<List<String>, TreeSet<RelPath>> groups = new HashMap<>();
        members.forEach((path, m) -> {
            if (entries.containsKey(path)) {
                groups.computeIfAbsent(List.of(m.root().value(), m.inode()), k -> new TreeSet<>()).add(path);
            }
        });
        List<String> partial = new ArrayList<>();
        for (TreeSet<RelPath> group : groups.values()) {
            RelPath first = group.first();
            for (RelPath p : group) {
                entries.computeIfPresent(p, (k, e) -> e.withLinkedTo(p.equals(first) ? null : first));
                Member m = members.get(p);
                if (m.links() > group.size()) {
                    partial.add(p + ": has " + m.links() + " hard links, " + group.size() + " of them inside sync root /"
                            + m.root().value() + ": only those are linked on the standbys");
                }
            }
        }
        partial.sort(null);
        return partial;
    }

    /**
     * {@code dirty} with the other names of every hard-linked file at or under a dirty path: a write
     * through one name changes them all, and the watcher reports only the name written to.
     */
    static java.util.Collection<RelPath> withOtherNames(java.util.Collection<RelPath> dirty,
                                                      Map<RelPath, Member> members) {
        if (members.isEmpty()) {
            return dirty;
        }
        java.util.Set<List<String>> inodes = new java.util.HashSet<>();
        members.forEach((path, m) -> {
            if (dirty.stream().anyMatch(path::startsWith)) {
                inodes.add(List.of(m.root().value(), m.inode()));
            }
        });
        if (inodes.isEmpty()) {
            return dirty;
        }
        java.util.Set<RelPath> out = new java.util.LinkedHashSet<>(dirty);
        members.forEach((path, m) -> {
            if (inodes.contains(List.of(m.root().value(), m.inode()))) {
                out.add(path);
            }
        });
        return out;
    }

    /**
     * True if a file a rescan visited ({@code visited}) has more links than the scans know of
     * ({@code all}), and its inode was not known {@code before} with that many (a hard link split
     * across a sync boundary, reported already): a new link to a file the rescan did not visit.
     */
    static boolean linkedOutside(Map<RelPath, Member> visited,
                                 Map<RelPath, Member> all,
                                 Map<RelPath, Member> before) {
        for (Member m : visited.values()) {
            long known = all.values().stream().filter(o -> o.root().equals(m.root()) && o.inode().equals(m.inode()))
                    .count();
            if (m.links() > known && before.values().stream().noneMatch(o -> o.root().equals(m.root())
                    && o.inode().equals(m.inode()) && o.links() == m.links())) {
                return true;
            }
        }
        return false;
    }
}
