package io.confsync.conf;

import java.util.List;

/**
 * One synchronized path.
 *
 * @param path     absolute, normalized path of a directory or a single file; never null
 * @param exclude  glob patterns relative to {@code path}; never null
 * @param onChange shell command run on the receiving node after a batch touched this path, or null
 * @param onChangeTimeout the command is killed after this long
 * @param local    also run the command on the source when it changes there
 * @param settle   this entry's settle window (files written together further apart than the
 *                 default still land together), or null for {@code watch.settle}
 */
public record SyncEntry(String path, List<String> exclude, String onChange, java.time.Duration onChangeTimeout,
                        boolean local, java.time.Duration settle) {

    /** Default hook timeout. */
    public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(60);

    /** Copies the list. */
    public SyncEntry {
        exclude = List.copyOf(exclude);
    }

    /** An entry with the default settle window. */
    public SyncEntry(String path, List<String> exclude, String onChange, java.time.Duration onChangeTimeout,
                     boolean local) {
        this(path, exclude, onChange, onChangeTimeout, local, null);
    }
}
