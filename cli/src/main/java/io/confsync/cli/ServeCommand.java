package io.confsync.cli;

import io.confsync.conf.Config;
import io.confsync.service.ConfigReload;
import io.confsync.service.EmbeddedService;
import io.confsync.service.Notify;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code confsync serve}: the embedded SSH server of a standby. */
@Command(name = "serve",
        header = "Run the embedded SSH server that receives pushes (nodes[].transport: embedded).",
        mixinStandardHelpOptions = true,
        description = {"Run the embedded SSH server on this node (nodes[].transport: embedded). It offers the "
                + "confsync subsystem only: no shell, exec, SFTP or forwarding.",
            "Listens on serve.listen:serve.port (default: this node's address and port); host key in "
                + "serve.host-key (generated on first start); keys allowed in serve.authorized-keys (read again "
                + "when the file changes), for login serve.user. SIGHUP reads the configuration again: new "
                + "sessions get the new one; a changed address, port or host key restarts the server once the "
                + "sessions in flight have finished; a file that does not validate is refused and logged. Under "
                + "systemd (Type=notify) it reports READY=1 once listening and WATCHDOG=1 pings. Stops on SIGTERM "
                + "or Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging(ch.qos.logback.classic.Level.INFO);
        Config config = common.loadConfig();
        ConfigReload configs = new ConfigReload(config, common::loadConfig, java.time.Clock.systemUTC());
        ServiceSignals.install(configs);
        new EmbeddedService(configs, Notify.fromEnvironment(), spec.commandLine().getErr()::println).run();
        return ExitCode.OK;
    }
}
