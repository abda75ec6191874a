package io.confsync.transfer.session;

import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * Where the pushes of one cluster-wide sync meet once each has planned: a new change set is taken
 * only if some standby needs a batch (a difference, or a change set it does not hold yet), and
 * then every standby gets it, an empty batch for those in sync. A sync that finds every standby in
 * sync and current takes none, and writes nothing anywhere. A standby that has not planned within
 * {@link #WAIT_MS} (a link still connecting) no longer holds up the decision: a change set is
 * taken, and it pushes when it gets there. Thread-safe.
 */
public final class ChangeGate {

    /** How long a planned push waits for the others before a change set is taken all the same. */
    static final long WAIT_MS = 30_000;

    /** Takes the next change set of this node's epoch. */
    @FunctionalInterface
    public interface Next {
        /**
         * @return the change set taken
         * @throws IOException if it cannot be recorded
         */
        long take() throws IOException;
    }

    private final long current;
    private final Next next;
    private final long waitMs;
    private int waiting;
    private boolean needed;
    private boolean decided;
    private long taken = -1;
    private IOException failed;

    /**
     * @param parties the pushes that meet here, each of which calls {@link #meet} or {@link #leave} once
     * @param current the change set this node holds now
     * @param next    takes the next one
     */
    public ChangeGate(int parties, long current, Next next) {
        this(parties, current, next, WAIT_MS);
    }

    ChangeGate(int parties, long current, Next next, long waitMs) {
        this.waiting = parties;
        this.current = current;
        this.next = next;
        this.waitMs = waitMs;
    }

    /** A gate that always pushes change set {@code seq}, already taken: a single push, or a promotion's. */
    public static ChangeGate fixed(long seq) {
        ChangeGate g = new ChangeGate(0, seq, () -> seq);
        g.decided = true;
        g.needed = true;
        g.taken = seq;
        return g;
    }

    /** The change set held before this sync: what a standby is compared with. */
    public long current() {
        return current;
    }

    /**
     * Says whether this push needs a batch, and waits for the others' say.
     *
     * @return the change set to push, or -1 when no standby needs one
     * @throws IOException if the change set could not be taken
     */
    public synchronized long meet(boolean needs) throws IOException {
        needed |= needs;
        arrive();
        long deadline = System.nanoTime() + waitMs * 1_000_000;
        try {
            for (long left = waitMs; !decided && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
                wait(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the other standbys planned");
        }
        if (!decided || needs && taken < 0) {
            decided = true;
            needed = true;
            take();
            notifyAll();
        }
        if (failed != null) {
            throw failed;
        }
        return needed ? taken : -1;
    }

    /** A push that will not meet (it failed before its plan): the others no longer wait for it. */
    public synchronized void leave() {
        arrive();
    }

    private void arrive() {
        if (--waiting == 0 && !decided) {
            decided = true;
            if (needed) {
                take();
            }
            notifyAll();
        }
    }

    private void take() {
        if (taken < 0 && failed == null) {
            try {
                taken = next.take();
            } catch (IOException e) {
                failed = e;
            }
        }
    }
}
