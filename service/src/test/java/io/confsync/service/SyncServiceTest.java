package io.confsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cluster.Wiring;
import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import io.confsync.manifest.Await;
import io.confsync.transfer.ssh.EmbeddedServer;
import io.confsync.transfer.ssh.KnownHosts;
import io.confsync.transfer.ssh.SshKeys;
import io.confsync.watcher.QueueSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live service without the command line: a source and an embedded standby in this JVM. */
class SyncServiceTest {

    @TempDir
    Path tmp;

    /** mx1, the source, and mx2, an embedded standby, each with its own root and config. */
    private Path config(String self, int[] ports) throws IOException {
        StringBuilder y = new StringBuilder("cluster: t\nnode: " + self + "\nnodes:\n");
        String[] nodes = {"mx1", "mx2"};
        for (int i = 0; i < nodes.length; i++) {
            y.append("  - name: ").append(nodes[i]).append("\n    address: 127.0.0.1\n    port: ").append(ports[i])
                    .append("\n    root: ").append(tmp.resolve(nodes[i])).append("\n    transport: embedded\n");
        }
        y.append("sync:\n  - path: /etc/postfix\n");
        y.append("state-dir: ").append(tmp.resolve("state").resolve(self)).append('\n');
        y.append("ssh:\n  identity: ").append(tmp.resolve("keys/id_ed25519")).append("\n  known-hosts: ")
                .append(tmp.resolve("keys/known_hosts")).append('\n');
        y.append("serve:\n  authorized-keys: ").append(tmp.resolve("keys/authorized_keys")).append('\n');
        Files.createDirectories(tmp.resolve(self));
        return Files.writeString(Files.createDirectories(tmp.resolve("config")).resolve(self + ".yaml"), y.toString());
    }

    @Test
    void loop_burstWithOnlyAnOverflowEvent_converges() throws Exception {
        int[] ports = new int[2];
        for (int i = 0; i < 2; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                ports[i] = s.getLocalPort();
            }
        }
        var key = SshKeys.readOrCreate(tmp.resolve("keys/id_ed25519"), "t");
        Files.writeString(tmp.resolve("keys/authorized_keys"), SshKeys.publicLine(key.getPublic()) + " t\n");
        Files.createDirectories(tmp.resolve("mx1/etc/postfix"));
        Config standby = ConfigLoader.read(config("mx2", ports), null, io.confsync.conf.ThisHost::named);
        Config source = ConfigLoader.read(config("mx1", ports), null, io.confsync.conf.ThisHost::named);
        QueueSource events = new QueueSource();
        try (EmbeddedServer server = new EmbeddedServer(Wiring.server(standby), StandbyService.startReceiver(standby))) {
            server.start();
            Files.writeString(tmp.resolve("keys/known_hosts"), KnownHosts.hostPattern("127.0.0.1", server.port())
                    + " " + SshKeys.publicLine(server.hostKey().getPublic()) + "\n");
            try (SyncService service = new SyncService(source, events, Duration.ofHours(1), false)) {
                service.start();
                Thread loop = new Thread(() -> {
                    try {
                        service.loop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                loop.start();
                Path state = Wiring.stateDir(source);
                Path burst = Files.createDirectories(tmp.resolve("mx1/etc/postfix/burst"));
                for (int i = 0; i < 2000; i++) {
                    Files.writeString(burst.resolve("f" + i), "value " + i + "\n");
                }

                events.overflow();

                Path target = tmp.resolve("mx2/etc/postfix/burst");
                assertThat(Await.until(state, Duration.ofSeconds(60), () -> count(target) == 2000)).isTrue();
                loop.interrupt();
            }
        }
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
