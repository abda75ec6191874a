package io.confsync.transfer.session;

import io.confsync.manifest.Durable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receiver's last refused or aborted batch, kept in a small file so that every receiver process
 * of the node (one per exec session) can tell {@code status --live} about it. Advisory: replaced
 * atomically but not fsynced; cleared by the next committed batch.
 */
public final class LastError {

    /** The file's name in the state directory. */
    public static final String FILE_NAME = "last-error";

    private static final Logger LOG = LoggerFactory.getLogger(LastError.class);

    private final Path file;
    private volatile boolean maybeSet = true;

    LastError(Path file) {
        this.file = file;
    }

    /** The last error, or empty. */
    String get() {
        return read(file.getParent());
    }

    /** The last error recorded in a state directory, or empty. */
    public static String read(Path stateDir) {
        Path f = stateDir.resolve(FILE_NAME);
        try {
            return Files.isRegularFile(f) ? Files.readString(f, StandardCharsets.UTF_8).strip() : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Records an error; empty clears it (cheaply, when nothing is recorded). */
    void set(String message) {
        try {
            if (message.isEmpty()) {
                if (maybeSet) {
                    Files.deleteIfExists(file);
                    maybeSet = false;
                }
                return;
            }
            Durable.replace(file, (message + "\n").getBytes(StandardCharsets.UTF_8), false);
            maybeSet = true;
        } catch (IOException e) {
            LOG.debug("cannot record the last error in {}: {}", file, e.toString());
        }
    }
}
