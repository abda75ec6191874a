package io.confsync.transfer.ssh;

import io.confsync.transfer.session.Link;
import java.io.IOException;
import java.util.Optional;

/**
 * A connector its owner lends out: a running service lends its connector, with the sessions its
 * pushes hold open, to the commands handed to it, so that their links need no key exchange of
 * their own: a borrower's links are {@link Connector#join joined} to the owner's. The connector
 * stops once its owner has closed it and the last borrower has closed its loan, whichever comes
 * last.
 */
public final class LentConnector implements Connector {

    private final Connector inner;
    private int loans;
    private boolean closed;

    public LentConnector(Connector inner) {
        this.inner = inner;
    }

    /** A loan of this connector, to be closed after use; empty once the owner has closed it. */
    public synchronized Optional<Connector> lend() {
        if (closed) {
            return Optional.empty();
        }
        loans++;
        return Optional.of(new Loan());
    }

    @Override
    public Link open(SshTarget target) throws IOException {
        return inner.open(target);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (loans > 0) {
                return;
            }
        }
        inner.close();
    }

    private void returned() {
        synchronized (this) {
            if (--loans > 0 || !closed) {
                return;
            }
        }
        inner.close();
    }

    /** One borrower's view: opens links through the owner's connector; closing it ends the loan once. */
    private final class Loan implements Connector {
        private boolean over;

        @Override
        public Link open(SshTarget target) throws IOException {
            return inner.join(target);
        }

        @Override
        public synchronized void close() {
            if (!over) {
                over = true;
                returned();
            }
        }
    }
}
