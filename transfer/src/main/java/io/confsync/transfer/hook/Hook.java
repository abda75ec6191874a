package io.confsync.transfer.hook;

import io.confsync.manifest.RelPath;
import java.time.Duration;

/**
 * A command to run after a batch touched anything at or under {@code root}.
 *
 * @param root    the sync entry's path
 * @param command run with {@code /bin/sh -c}
 * @param timeout the command is killed after this long
 */
public record Hook(RelPath root, String command, Duration timeout) {

    /** True if any of the paths lies at or under the hook's root. */
    public boolean matches(Iterable<RelPath> paths) {
        for (RelPath p : paths) {
            if (p.startsWith(root)) {
                return true;
            }
        }
        return false;
    }
}
