package io.confsync.cli;

import io.confsync.cluster.Wiring;
import io.confsync.service.StandbyService;
import io.confsync.conf.Config;
import io.confsync.transfer.session.Receiver;
import io.confsync.transfer.ssh.EmbeddedServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code confsync serve}: the embedded SSH server of a standby. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the embedded SSH server on this node (nodes[].transport: embedded). It offers the "
                + "confsync subsystem only: no shell, exec, SFTP or forwarding.",
            "Listens on serve.listen:serve.port (default: this node's address and port); host key in "
                + "serve.host-key (generated on first start); keys allowed in serve.authorized-keys, for login "
                + "serve.user. Stops on SIGTERM or Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        Config config = common.loadConfig();
        Receiver receiver = StandbyService.startReceiver(config);
        EmbeddedServer server = new EmbeddedServer(Wiring.server(config), receiver);
        server.start();
        spec.commandLine().getErr().printf("confsync: serving %s on %s:%d (host key %s)%n", config.node(),
                Wiring.server(config).host(), server.port(),
                io.confsync.transfer.ssh.SshKeys.fingerprint(server.hostKey().getPublic()));
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM halts once shutdown hooks return, so the hook itself stops the server.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("confsync: stopping the server: " + e.getMessage());
            }
            stopped.countDown();
        }));
        stopped.await();
        return ExitCode.OK;
    }
}
