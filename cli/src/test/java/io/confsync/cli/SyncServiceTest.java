package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import io.confsync.transfer.session.Receiver;
import io.confsync.transfer.ssh.EmbeddedServer;
import io.confsync.transfer.ssh.KnownHosts;
import io.confsync.transfer.ssh.SshKeys;
import io.confsync.watcher.QueueSource;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live service in one JVM, with change events fed by hand: here, only an overflow. */
class SyncServiceTest {

    @TempDir
    Path tmp;

    @Test
    void loop_burstWithOnlyAnOverflowEvent_converges() throws Exception {
        int[] ports = new int[2];
        for (int i = 0; i < 2; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                ports[i] = s.getLocalPort();
            }
        }
        DemoCluster cluster = new DemoCluster(tmp, new String[] {"mx1", "mx2"}, ports);
        cluster.write();
        CommonOptions common = new CommonOptions();
        Config standby = ConfigLoader.read(cluster.config("mx2"), () -> "");
        QueueSource events = new QueueSource();
        try (EmbeddedServer server = new EmbeddedServer(Wiring.server(standby),
                new Receiver(Wiring.receiver(standby), Clock.systemUTC()))) {
            server.start();
            Files.writeString(cluster.keys().resolve("known_hosts"), KnownHosts.hostPattern("127.0.0.1", server.port())
                    + " " + SshKeys.publicLine(server.hostKey().getPublic()) + "\n");
            Config source = ConfigLoader.read(cluster.config("mx1"), () -> "");
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
                Path state = common.stateDir(source);
                Path burst = Files.createDirectories(cluster.root("mx1").resolve("etc/postfix/burst"));
                for (int i = 0; i < 2000; i++) {
                    Files.writeString(burst.resolve("f" + i), "value " + i + "\n");
                }

                events.overflow();

                Path target = cluster.root("mx2").resolve("etc/postfix/burst");
                assertThat(Await.until(state, Duration.ofSeconds(60), () -> count(target) == 2000)).isTrue();
                loop.interrupt();
            }
        }
    }

    private static long count(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
