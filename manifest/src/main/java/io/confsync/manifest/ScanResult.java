package io.confsync.manifest;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scan found.
 *
 * @param manifest    the entries read completely; never null
 * @param roots       the state of every sync root
 * @param held        paths whose state is unknown (unreadable, or changing while read): nothing
 *                    may be done at or under them in this pass
 * @param warnings    one line each, for the log (skipped sockets, unreadable directories, ...)
 * @param bytesHashed file content read to compute digests; 0 when every digest came from the cache
 * @param filesHashed files whose content was read
 * @param nodeLocal   the node-local paths found ({@link SyncRoot#nodeLocal}; a directory stands for
 *                    what it holds), for the audit's count; never null
 * @param links       the files with more than one hard link, for the next rescan to group; never null
 */
public record ScanResult(Manifest manifest, Map<RelPath, RootState> roots, Set<RelPath> held,
                         List<String> warnings, long bytesHashed, int filesHashed, Set<RelPath> nodeLocal,
                         Map<RelPath, LinkGroups.Member> links) {

    /** The scan of a tree that does not exist yet. */
    public static ScanResult empty() {
        return new ScanResult(Manifest.empty(), Map.of(), Set.of(), List.of(), 0, 0, Set.of(), Map.of());
    }

    /** The same state found again without reading anything: nothing hashed. */
    public static ScanResult unchanged(ScanResult r) {
        return new ScanResult(r.manifest, r.roots, r.held, List.of(), 0, 0, r.nodeLocal, r.links);
    }

    /** The same scan with another manifest (what a committed plan made of it). */
    public ScanResult withManifest(Manifest m) {
        return new ScanResult(m, roots, held, List.of(), 0, 0, nodeLocal, links);
    }

    /** Roots in the given state. */
    public Set<RelPath> rootsIn(RootState state) {
        return roots.entrySet().stream().filter(e -> e.getValue() == state).map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Copies the collections; roots keep their order (the config's), so every output lists them alike. */
    public ScanResult {
        roots = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(roots));
        held = Set.copyOf(held);
        warnings = List.copyOf(warnings);
        nodeLocal = Set.copyOf(nodeLocal);
        links = Map.copyOf(links);
    }
}
