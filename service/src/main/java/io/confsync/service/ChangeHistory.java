package io.confsync.service;

import io.confsync.manifest.RelPath;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The source's change sets of this run, each with when it was seen and the paths it changed, so
 * that a standby's lag can be told from the change set it holds: how many change sets and paths it
 * lacks, and since when. Bounded: beyond {@link #MAX_PATHS} paths the oldest change sets are
 * forgotten, and a standby further behind has a known seq lag but no path count or age. Not
 * thread-safe (the status board holds its lock).
 */
final class ChangeHistory {

    /** At most this many paths are remembered over all change sets. */
    static final int MAX_PATHS = 200_000;

    /** One change set: its seq, when its first change was seen (epoch millis), the paths it changed. */
    record Change(long seq, long atMillis, Set<RelPath> paths) {
    }

    /**
     * A standby's lag; null fields are not known (the standby was not reached in this run, or is
     * behind what the history remembers).
     *
     * @param seqs   change sets it lacks
     * @param paths  paths changed in those change sets
     * @param oldest when the oldest change it lacks was seen (epoch millis), null when it lacks none
     */
    record Lag(Long seqs, Integer paths, Long oldest) {
        static final Lag NONE = new Lag(0L, 0, null);
        static final Lag UNKNOWN = new Lag(null, null, null);
    }

    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    /** Change sets after this one are remembered. */
    private long knownAfter;
    private long seq;
    private int pathsHeld;

    /** Starts the history at change set {@code first}, the source's state when the service started. */
    void start(long first) {
        changes.clear();
        pathsHeld = 0;
        knownAfter = first;
        seq = first;
    }

    long seq() {
        return seq;
    }

    /** Records change set {@code newSeq}, first seen at {@code atMillis}, changing {@code paths}. */
    void add(long newSeq, long atMillis, Set<RelPath> paths) {
        if (newSeq <= seq) {
            return;
        }
        seq = newSeq;
        changes.addLast(new Change(newSeq, atMillis, Set.copyOf(paths)));
        pathsHeld += paths.size();
        while (pathsHeld > MAX_PATHS && changes.size() > 1) {
            Change dropped = changes.removeFirst();
            pathsHeld -= dropped.paths().size();
            knownAfter = dropped.seq();
        }
    }

    /** Forgets the change sets every standby holds ({@code oldestHeld}: the lowest seq any of them holds). */
    void forgetUpTo(long oldestHeld) {
        while (!changes.isEmpty() && changes.peekFirst().seq() <= oldestHeld) {
            Change dropped = changes.removeFirst();
            pathsHeld -= dropped.paths().size();
            knownAfter = dropped.seq();
        }
    }

    /** The lag of a standby holding change set {@code held} (-1: not known). */
    Lag lag(long held) {
        if (held < 0) {
            return Lag.UNKNOWN;
        }
        if (held >= seq) {
            return Lag.NONE;
        }
        if (held < knownAfter) {
            return new Lag(seq - held, null, null);
        }
        Set<RelPath> lacking = new HashSet<>();
        Long oldest = null;
        for (Change c : changes) {
            if (c.seq() > held) {
                lacking.addAll(c.paths());
                oldest = oldest == null ? c.atMillis() : Math.min(oldest, c.atMillis());
            }
        }
        return new Lag(seq - held, lacking.size(), oldest);
    }
}
