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
 * @param nodeLocal glob patterns relative to {@code path}, as {@code exclude}: each node's own files,
 *                 never sent, written, deleted or reported as drift; never null
 * @param profile  patterns matched from {@code path} down that the entry's profile makes node-local
 *                 ({@link EtcProfile}), those of {@code profile-except} left out; never null
 */
public record SyncEntry(String path, List<String> exclude, String onChange, java.time.Duration onChangeTimeout,
                        boolean local, java.time.Duration settle, List<String> nodeLocal, List<String> profile) {

    /** Default hook timeout. */
    public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(60);

    /** Copies the list. */
    public SyncEntry {
        exclude = List.copyOf(exclude);
        nodeLocal = List.copyOf(nodeLocal);
        profile = List.copyOf(profile);
    }

    /** An entry with the default settle window and nothing node-local. */
    public SyncEntry(String path, List<String> exclude, String onChange, java.time.Duration onChangeTimeout,
                     boolean local) {
        this(path, exclude, onChange, onChangeTimeout, local, null, List.of(), List.of());
    }
}
