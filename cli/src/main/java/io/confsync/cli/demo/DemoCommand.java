package io.confsync.cli.demo;

import io.confsync.cli.CommonOptions;
import io.confsync.cli.ExitCode;
import io.confsync.cluster.Wiring;
import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import io.confsync.service.StandbyService;
import io.confsync.service.SyncService;
import io.confsync.transfer.ssh.EmbeddedServer;
import io.confsync.transfer.ssh.KnownHosts;
import io.confsync.transfer.ssh.SshKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code confsync demo}: a three-node cluster on loopback, in one process. */
@Command(name = "demo",
        header = "Start a three-node demo cluster on loopback and show it at work.",
        mixinStandardHelpOptions = true,
        description = {"Start a local three-node cluster on loopback: the source mx1 runs the live service, the "
                + "standbys mx2 and mx3 run the embedded SSH server, each node under its own root in a temporary "
                + "directory, with keys made for the demo. It then edits a few files and shows them arriving, a "
                + "hook running, and the status table, and keeps running for you to play. Ctrl-C stops everything "
                + "and removes the directory (unless --keep)."})
public final class DemoCommand implements Callable<Integer> {

    private static final String[] NODES = {"mx1", "mx2", "mx3"};

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the demo (default: a new temp dir).")
    Path dir;

    @Option(names = "--no-wait", description = "Exit after the scripted part instead of running until Ctrl-C.")
    boolean noWait;

    @Option(names = "--keep", description = "Keep the demo directory when stopping.")
    boolean keep;

    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        common.configureLogging();
        PrintWriter out = spec.commandLine().getOut();
        Path root = dir != null ? Files.createDirectories(dir.toAbsolutePath()) : Files.createTempDirectory("confsync-demo-");
        List<AutoCloseable> running = new ArrayList<>();
        Thread main = Thread.currentThread();
        Signal.handle(new Signal("INT"), s -> main.interrupt());
        Signal.handle(new Signal("TERM"), s -> main.interrupt());
        try {
            DemoCluster cluster = new DemoCluster(root, NODES, freePorts());
            cluster.write();
            out.println("confsync demo in " + root);
            for (int i = 1; i < NODES.length; i++) {
                Config c = ConfigLoader.read(cluster.config(NODES[i]), null, io.confsync.conf.ThisHost::named);
                EmbeddedServer server = new EmbeddedServer(Wiring.server(c),
                        StandbyService.startReceiver(c));
                server.start();
                running.add(server);
                Files.writeString(cluster.keys().resolve("known_hosts"), KnownHosts.hostPattern("127.0.0.1",
                        server.port()) + " " + SshKeys.publicLine(server.hostKey().getPublic()) + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                out.printf("  %s: confsync serve on 127.0.0.1:%d, root %s%n", NODES[i], server.port(),
                        cluster.root(NODES[i]));
            }
            Config source = ConfigLoader.read(cluster.config(NODES[0]), null, io.confsync.conf.ThisHost::named);
            SyncService service = new SyncService(source, io.confsync.watcher.ChangeSource.forBase(Wiring.base(source),
                    Wiring.rules(source)), Duration.ofMinutes(5), false);
            running.add(0, service);
            service.start();
            Thread loop = new Thread(() -> {
                try {
                    service.loop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "demo-service");
            loop.setDaemon(true);
            loop.start();
            out.printf("  %s: the source, confsync run, root %s%n%n", NODES[0], cluster.root(NODES[0]));
            new DemoScript(cluster, out, common.stateDir(source)).play();
            if (!noWait) {
                out.printf("%nThe cluster keeps running. Edit files under %s/etc and watch them appear under%n"
                        + "%s/etc and %s/etc; edit a standby's copy and see it put back.%n"
                        + "Status: confsync status --config %s%nCtrl-C stops everything.%n", cluster.root("mx1"),
                        cluster.root("mx2"), cluster.root("mx3"), cluster.config("mx1"));
                out.flush();
                while (true) {
                    Thread.sleep(Long.MAX_VALUE);
                }
            }
        } catch (InterruptedException e) {
            out.println("\nstopping the demo");
        } finally {
            for (AutoCloseable c : running) {
                c.close();
            }
            if (!keep && dir == null) {
                deleteTree(root);
            }
        }
        return ExitCode.OK;
    }

    private static int[] freePorts() throws IOException {
        int[] ports = new int[NODES.length];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                ports[i] = s.getLocalPort();
            }
        }
        return ports;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
