package io.confsync.conf;

import java.util.List;

/**
 * One synchronized path.
 *
 * @param path     absolute, normalized path of a directory or a single file; never null
 * @param exclude  glob patterns relative to {@code path}; never null
 * @param onChange shell command run on the receiving node after a batch touched this path, or null
 */
public record SyncEntry(String path, List<String> exclude, String onChange) {

    /** Copies the list. */
    public SyncEntry {
        exclude = List.copyOf(exclude);
    }
}
