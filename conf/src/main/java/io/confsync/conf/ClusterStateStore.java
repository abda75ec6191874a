package io.confsync.conf;

import io.confsync.manifest.Digest;
import io.confsync.manifest.Durable;
import io.confsync.manifest.FileMutex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Keeps a node's {@link ClusterState} in {@code <state-dir>/cluster-state}: a few text lines ending
 * in an XXH64 check line, replaced atomically and fsynced. Updates are serialized across processes
 * and threads ({@link FileMutex}), because the receiver and the source side of a node both write
 * it. A missing file is a fresh node; a damaged one is never guessed at: every use of it fails with
 * a message that says what to do.
 */
public final class ClusterStateStore {

    /** The file's name in the state directory. */
    public static final String FILE_NAME = "cluster-state";

    private final Path file;
    private final String cluster;

    /**
     * @param stateDir the node's state directory
     * @param cluster  the configured cluster name; a file of another cluster is refused
     */
    public ClusterStateStore(Path stateDir, String cluster) {
        this.file = stateDir.resolve(FILE_NAME);
        this.cluster = cluster;
    }

    /** The file. */
    public Path file() {
        return file;
    }

    /**
     * Reads the state; a missing file is {@link ClusterState#fresh fresh}.
     *
     * @throws StateException if the file is damaged, of another cluster or unreadable
     */
    public ClusterState read() throws StateException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return ClusterState.fresh(cluster);
        } catch (IOException e) {
            throw damaged("cannot be read (" + e.getMessage() + ")");
        }
        return parse(text);
    }

    /**
     * Applies a change under the lock and keeps the result durably (only if it differs).
     *
     * @return the state after the change
     * @throws StateException if the file is damaged or cannot be written
     */
    public ClusterState update(UnaryOperator<ClusterState> change) throws StateException {
        try (FileMutex lock = FileMutex.acquire(file.resolveSibling(FILE_NAME + ".lock"))) {
            ClusterState before = read();
            ClusterState after = change.apply(before);
            if (!after.equals(before)) {
                Durable.replace(file, format(after).getBytes(StandardCharsets.UTF_8));
            }
            return after;
        } catch (StateException e) {
            throw e;
        } catch (IOException e) {
            throw new StateException(file + ": cannot be written: " + e.getMessage());
        }
    }

    static String format(ClusterState s) {
        String body = "# confsync cluster state: written by confsync, do not edit (see 'confsync status --live')\n"
                + "cluster: " + s.cluster() + "\n"
                + "epoch: " + s.epoch() + "\n"
                + "source: " + (s.source() == null ? "-" : s.source()) + "\n"
                + "seq: " + s.seq() + "\n"
                + "contender: " + (s.contender() == null ? "-" : s.contender()) + "\n"
                // Only when set: the files of every other state stay what older versions wrote and read.
                + (s.steppedDown() ? "stepped-down: yes\n" : "");
        return body + "check: " + check(body) + "\n";
    }

    private ClusterState parse(String text) throws StateException {
        int at = text.lastIndexOf("check: ");
        if (at < 0 || !text.endsWith("\n")) {
            throw damaged("has no check line (truncated?)");
        }
        String body = text.substring(0, at);
        if (!text.substring(at + 7).strip().equals(check(body))) {
            throw damaged("fails its checksum");
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int colon = line.indexOf(": ");
            if (!line.startsWith("#") && colon > 0) {
                v.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        try {
            ClusterState s = new ClusterState(v.get("cluster"), Long.parseLong(v.get("epoch")),
                    dash(v.get("source")), Long.parseLong(v.get("seq")), dash(v.get("contender")),
                    "yes".equals(v.get("stepped-down")));
            if (!s.cluster().equals(cluster)) {
                throw new StateException(file + ": belongs to cluster '" + s.cluster() + "', but this node's config "
                        + "says '" + cluster + "'; fix the config, or move the file away if the node was moved to "
                        + "another cluster");
            }
            return s;
        } catch (NullPointerException | IllegalArgumentException e) {
            throw damaged("has bad values (" + e.getMessage() + ")");
        }
    }

    private static String dash(String s) {
        return s == null || s.equals("-") ? null : s;
    }

    private static String check(String body) {
        return Digest.of(body.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private StateException damaged(String why) {
        return new StateException(file + ": " + why + "; this node will neither push nor accept pushes. "
                + "Move the file away to let the node rejoin as a fresh standby, or run 'confsync promote' "
                + "on it to make it the source");
    }
}
