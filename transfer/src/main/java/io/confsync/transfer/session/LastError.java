package io.confsync.transfer.session;

import io.confsync.manifest.Durable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A receiver's last refused or aborted batch, kept in a small file so that every receiver process
 * of the node (one per exec session) can tell {@code status --live} about it. Advisory: replaced
 * atomically but not fsynced; cleared by the next committed batch. It records the epoch the error
 * concerns (the one the refused or aborted sender claimed), so that a node at a newer epoch knows
 * it for history: after a failover the new source once stayed BAD for good, because the old
 * source's refused push was its last error and a source never receives a batch that clears it.
 */
public final class LastError {

    /** The file's name in the state directory. */
    public static final String FILE_NAME = "last-error";

    private static final Logger LOG = LoggerFactory.getLogger(LastError.class);

    /**
     * One recorded error.
     *
     * @param epoch   the epoch it concerns; -1 if unknown (a file of an older version)
     * @param at      when it was recorded (shown to people only; nothing is decided on it)
     * @param message one line
     */
    public record Entry(long epoch, Instant at, String message) {

        /**
         * True if it still says something about the node: not once the node is at a newer epoch
         * than the one the error concerns. A refused stale source is therefore never a problem of
         * the node that refused it (the stale node's own standing shows it, and it steps down), and
         * a new source is not held to the batches its predecessor's epoch aborted.
         */
        public boolean current(Fence.Standing now) {
            return epoch < 0 || epoch >= now.epoch();
        }
    }

    private final Path file;
    private volatile boolean maybeSet = true;

    LastError(Path file) {
        this.file = file;
    }

    /** The last error recorded in a state directory, or null. */
    public static Entry read(Path stateDir) {
        Path f = stateDir.resolve(FILE_NAME);
        try {
            if (!Files.isRegularFile(f)) {
                return null;
            }
            List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            if (lines.size() == 3 && lines.get(0).startsWith("epoch ") && lines.get(1).startsWith("at ")) {
                return new Entry(Long.parseLong(lines.get(0).substring(6)), Instant.parse(lines.get(1).substring(3)),
                        lines.get(2));
            }
            String text = String.join(" ", lines).strip();
            return text.isEmpty() ? null : new Entry(-1, null, text);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The message of the last error recorded in a state directory if it is current for a node of
     * that standing (what its hello says); empty otherwise.
     */
    public static String currentIn(Path stateDir, Fence.Standing now) {
        Entry e = read(stateDir);
        return e == null || !e.current(now) ? "" : e.message();
    }

    /** Records an error concerning {@code epoch}. */
    void set(String message, long epoch, Instant at) {
        String text = "epoch " + epoch + "\nat " + at + "\n" + message.replace('\n', ' ') + "\n";
        try {
            Durable.replace(file, text.getBytes(StandardCharsets.UTF_8), false);
            maybeSet = true;
        } catch (IOException e) {
            LOG.debug("cannot record the last error in {}: {}", file, e.toString());
        }
    }

    /** Forgets the last error (cheaply, when nothing is recorded): a batch committed. */
    void clear() {
        if (!maybeSet) {
            return;
        }
        try {
            Files.deleteIfExists(file);
            maybeSet = false;
        } catch (IOException e) {
            LOG.debug("cannot clear the last error in {}: {}", file, e.toString());
        }
    }
}
