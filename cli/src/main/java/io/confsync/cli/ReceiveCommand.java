package io.confsync.cli;

import io.confsync.cluster.Wiring;
import io.confsync.service.StandbyService;
import io.confsync.conf.Config;
import io.confsync.transfer.handoff.ServiceSocket;
import io.confsync.transfer.session.Receiver;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code confsync receive --stdio}: the standby end of the exec transport. */
@Command(name = "receive",
        header = "Receive one session on stdin and stdout: the command a standby's sshd runs for the source.",
        mixinStandardHelpOptions = true,
        description = {"Serve one confsync session on standard input and output. The source runs this on a "
                + "standby through the standby's own OpenSSH (nodes[].transport: exec).",
            "If 'confsync run' runs on this node as the same user with the same configuration file, the session "
                + "is handed to it (STATE-DIR/" + ServiceSocket.FILE_NAME + ") and this process only relays the "
                + "bytes: the running service is already started and compiled, which saves the standby's JVM "
                + "start-up and most of its CPU. Otherwise, or with --in-process, this process receives.",
            "The standby writes only inside its own configured sync paths, under its own root, with its own "
                + "limits and backups; logs go to standard error (of the service, when handed over)."})
final class ReceiveCommand implements Callable<Integer> {

    @Option(names = "--stdio", required = true, description = "Speak the protocol on stdin/stdout (required).")
    boolean stdio;

    @Option(names = "--in-process", description = "Receive in this process even if the service runs.")
    boolean inProcess;

    @Mixin
    NodeOptions common;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        if (!inProcess && !RelayShortcut.attempted() && RelayShortcut.handOver(
                Wiring.stateDir(config).resolve(ServiceSocket.FILE_NAME), config.fingerprint(),
                System.err)) {
            return ExitCode.OK;
        }
        Receiver receiver = StandbyService.startReceiver(config);
        receiver.serve(System.in, System.out);
        return ExitCode.OK;
    }
}
