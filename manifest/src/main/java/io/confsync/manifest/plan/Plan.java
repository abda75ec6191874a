package io.confsync.manifest.plan;

import java.util.List;

/**
 * An ordered list of actions that turns a target into a copy of the source. Order: removals forced
 * by a change of type (deepest first), then directories, files and symlinks in path order (parents
 * before children), then deletions (deepest first), then directory metadata (deepest first, so a
 * directory's mtime is set after its contents stop changing).
 *
 * @param actions  never null
 * @param withheld deletes a guard held back (they are not among the actions); never null
 */
public record Plan(List<Action> actions, List<Withheld> withheld) {

    /** Copies the lists. */
    public Plan {
        actions = List.copyOf(actions);
        withheld = List.copyOf(withheld);
    }

    /** A plan that holds nothing back. */
    public Plan(List<Action> actions) {
        this(actions, List.of());
    }

    /** Entries whose deletion a guard held back, over every guard. */
    public long withheldEntries() {
        return withheld.stream().mapToLong(w -> w.entries().size()).sum();
    }

    /** True if nothing needs doing (deletes may still be held back: see {@link #withheld()}). */
    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /**
     * What the plan does, counted by verb in a fixed order: {@code 2 create, 1 update, 1 delete};
     * {@code nothing} for an empty plan.
     */
    public String summary() {
        java.util.Map<String, Integer> byVerb = new java.util.LinkedHashMap<>();
        for (String verb : List.of("create", "update", "mkdir", "symlink", "meta", "replace", "delete")) {
            byVerb.put(verb, 0);
        }
        actions.forEach(a -> byVerb.merge(a.verb(), 1, Integer::sum));
        String said = byVerb.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getValue() + " " + e.getKey())
                .collect(java.util.stream.Collectors.joining(", "));
        return said.isEmpty() ? "nothing" : said;
    }

    /** Content bytes the plan moves. */
    public long bytes() {
        return actions.stream().mapToLong(Action::bytes).sum();
    }

    /** Number of actions of a kind. */
    public long count(Class<? extends Action> kind) {
        return actions.stream().filter(kind::isInstance).count();
    }

    /**
     * The target as it is once this plan is committed: what the source sends next is planned
     * against it, without asking the standby for its manifest again.
     */
    public io.confsync.manifest.Manifest applyTo(io.confsync.manifest.Manifest target) {
        java.util.TreeMap<io.confsync.manifest.RelPath, io.confsync.manifest.FileEntry> m = target.mutableCopy();
        java.util.Map<io.confsync.manifest.RelPath, io.confsync.manifest.FileEntry> files = new java.util.HashMap<>();
        for (Action a : actions) {
            if (a instanceof Action.Remove) {
                m.remove(a.path());
            } else {
                m.put(a.path(), a.entry());
                if (a.entry().kind() == io.confsync.manifest.FileKind.FILE && a.entry().linkedTo() == null) {
                    files.put(a.path(), a.entry());
                }
            }
        }
        if (!files.isEmpty()) {
            // The other names of a hard-linked file share its inode: what was done to it shows through them.
            m.replaceAll((p, e) -> e.linkedTo() != null && files.containsKey(e.linkedTo())
                    ? files.get(e.linkedTo()).asNameOf(p, e.linkedTo()) : e);
        }
        return io.confsync.manifest.Manifest.ofSorted(m);
    }

    /** Number of regular files deleted because the source does not have them. */
    public long deletedFiles() {
        return actions.stream()
                .filter(a -> a instanceof Action.Remove r && r.reason() == Action.Reason.DELETED
                        && r.entry().kind() == io.confsync.manifest.FileKind.FILE)
                .count();
    }
}
