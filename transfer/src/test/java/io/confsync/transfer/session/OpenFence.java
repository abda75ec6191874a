package io.confsync.transfer.session;

import io.confsync.transfer.protocol.Message;
import java.util.Optional;

/**
 * For tests of the transfer itself: admits every sender and remembers what it was told. The source
 * rule is tested with the real cluster state in the cli and tests modules.
 */
public class OpenFence implements Fence {

    private volatile Standing standing = new Standing(0, "", 0);

    @Override
    public Standing standing() {
        return standing;
    }

    @Override
    public Optional<Message.Refused> admit(String sender, long epoch) {
        return Optional.empty();
    }

    @Override
    public void holding(String sender, long epoch, long seq) {
        standing = new Standing(epoch, sender, seq);
    }
}
