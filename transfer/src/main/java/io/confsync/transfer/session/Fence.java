package io.confsync.transfer.session;

import io.confsync.transfer.protocol.Message;
import java.io.IOException;
import java.util.Optional;

/**
 * The source rule as a receiver applies it: this node's durable (epoch, source, seq), admission of
 * a sender's claim, and the record of what it holds. The cli module implements it over the cluster
 * state file; the transfer module reads no state of its own.
 */
public interface Fence {

    /**
     * This node's standing, for its hello.
     *
     * @throws IOException if the state cannot be read or is damaged
     */
    Standing standing() throws IOException;

    /**
     * Checks that {@code sender} may push as the source of {@code epoch}, adopting a newer epoch
     * durably before answering.
     *
     * @return empty if admitted, else the refusal to send
     * @throws IOException if the state cannot be read, is damaged, or cannot be written
     */
    Optional<Message.Refused> admit(String sender, long epoch) throws IOException;

    /**
     * Records that this node now holds change set {@code seq} of {@code sender}'s {@code epoch}.
     *
     * @throws IOException if the state cannot be written
     */
    void holding(String sender, long epoch, long seq) throws IOException;

    /**
     * A node's place under the source rule.
     *
     * @param epoch  0 for none yet
     * @param source the source of that epoch; empty for none
     * @param seq    change sets of that source held
     */
    record Standing(long epoch, String source, long seq) {
    }
}
