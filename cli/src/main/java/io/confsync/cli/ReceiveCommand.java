package io.confsync.cli;

import io.confsync.conf.Config;
import io.confsync.transfer.session.Receiver;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code confsync receive --stdio}: the standby end of the exec transport. */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"Serve one confsync session on standard input and output. The source runs this on a "
                + "standby through the standby's own OpenSSH (nodes[].transport: exec).",
            "The standby writes only inside its own configured sync paths, under its own root, with its own "
                + "limits and backups; logs go to standard error."})
final class ReceiveCommand implements Callable<Integer> {

    @Option(names = "--stdio", required = true, description = "Speak the protocol on stdin/stdout (required).")
    boolean stdio;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        Receiver receiver = Wiring.startReceiver(config, common);
        receiver.serve(System.in, System.out);
        return ExitCode.OK;
    }
}
