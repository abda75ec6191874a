package io.confsync.cluster;

import io.confsync.conf.ClusterState;
import io.confsync.conf.ClusterStateStore;
import io.confsync.conf.StateException;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.session.Fence;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The receiver's source rule over this node's durable cluster state. */
public final class StateFence implements Fence {

    private static final Logger LOG = LoggerFactory.getLogger(StateFence.class);

    private final ClusterStateStore store;

    public StateFence(ClusterStateStore store) {
        this.store = store;
    }

    @Override
    public Standing standing() throws IOException {
        return standing(read());
    }

    public static Standing standing(ClusterState s) {
        return new Standing(s.epoch(), s.source() == null ? "" : s.source(), s.seq());
    }

    @Override
    public Optional<Message.Refused> admit(String sender, long epoch) throws IOException {
        ClusterState before = read();
        ClusterState.Admission quick = before.admit(sender, epoch);
        if (quick.admitted() && quick.next().equals(before)) {
            return Optional.empty(); // the common case, once per batch: nothing to record, no lock
        }
        ClusterState.Admission[] decision = new ClusterState.Admission[1];
        ClusterState after = update(s -> {
            decision[0] = s.admit(sender, epoch);
            return decision[0].next();
        });
        if (after.epoch() > before.epoch() && before.epoch() == 0) {
            LOG.info("joined epoch {} with source {}", after.epoch(), after.source());
        } else if (after.epoch() > before.epoch()) {
            LOG.warn("adopted epoch {} with source {} (was epoch {}, source {})", after.epoch(), after.source(),
                    before.epoch(), before.source() == null ? "none" : before.source());
        }
        if (decision[0].admitted()) {
            return Optional.empty();
        }
        return Optional.of(new Message.Refused(decision[0].code(), after.epoch(),
                after.source() == null ? "" : after.source(), after.seq(), decision[0].message()));
    }

    @Override
    public void holding(String sender, long epoch, long seq) throws IOException {
        update(s -> s.epoch() == epoch && sender.equals(s.source()) ? s.holding(seq) : s);
    }

    private ClusterState read() throws IOException {
        try {
            return store.read();
        } catch (StateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private ClusterState update(java.util.function.UnaryOperator<ClusterState> change) throws IOException {
        try {
            return store.update(change);
        } catch (StateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
