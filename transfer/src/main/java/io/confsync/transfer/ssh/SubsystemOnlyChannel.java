package io.confsync.transfer.ssh;

import java.io.IOException;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.server.channel.ChannelSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session channel that only ever runs the confsync subsystem. A shell, exec or any other
 * subsystem request is answered with failure and the channel is closed at once, so that a client
 * is not left holding an open channel that will never do anything.
 */
final class SubsystemOnlyChannel extends ChannelSession {

    private static final Logger LOG = LoggerFactory.getLogger(SubsystemOnlyChannel.class);

    @Override
    protected RequestHandler.Result handleShellParsed(String request) throws IOException {
        return refuse("a shell");
    }

    @Override
    protected RequestHandler.Result handleExecParsed(String request, String command) throws IOException {
        return refuse("exec of '" + command + "'");
    }

    @Override
    protected RequestHandler.Result handleSubsystemParsed(String request, String name) throws IOException {
        if (SshConnector.SUBSYSTEM.equals(name)) {
            return super.handleSubsystemParsed(request, name);
        }
        return refuse("subsystem '" + name + "'");
    }

    private RequestHandler.Result refuse(String what) {
        LOG.warn("refused {} from {}: this server only offers the '{}' subsystem", what,
                getSession().getClientAddress(), SshConnector.SUBSYSTEM);
        close(false);
        return RequestHandler.Result.ReplyFailure;
    }
}
