package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** systemd's side of {@code Type=notify}, played by the test: READY=1, STATUS=, WATCHDOG=1, RELOADING=1. */
class NotifyTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private static Process start(List<String> command, Path socket) throws java.io.IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("NOTIFY_SOCKET", socket.toString());
        pb.environment().put("WATCHDOG_USEC", "1000000"); // a ping every 0.5 s
        pb.environment().remove("WATCHDOG_PID");
        return pb.start();
    }

    @Test
    void run_underNotifySocket_readyOnceWatchingThenWatchdogPingsAndReload() throws Exception {
        try (Cluster cluster = new Cluster(tmp.resolve("c")).embedded("n2").start();
             NotifyListener systemd = new NotifyListener(tmp.resolve("notify"))) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Process run = start(Processes.confsync("run", "--config", cluster.config("n1").toString()),
                    tmp.resolve("notify"));
            try {
                List<String> got = systemd.await("READY=1", MAX);
                assertThat(got.stream().filter(m -> m.contains("READY=1")).findFirst().orElseThrow())
                        .contains("STATUS=source of test: watching 2 paths, 1 standby");
                // The watcher is started before READY=1: a file written now is seen.
                Files.writeString(cluster.root("n1").resolve("etc/app/after-ready.conf"), "x\n");
                assertThat(io.confsync.manifest.Await.until(cluster.state("n1"), MAX, () -> Files.exists(
                        cluster.root("n2").resolve("etc/app/after-ready.conf")))).isTrue();

                int pings = (int) systemd.await("WATCHDOG=1", MAX).stream().filter("WATCHDOG=1"::equals).count();
                assertThat(pings).isPositive();
                Processes.signal(run, "HUP");
                // A reload ends with READY=1 again (an unchanged file here: the service goes on as it was).
                assertThat(systemd.awaitAfter("RELOADING=1", "READY=1", MAX)).isNotEmpty();
            } finally {
                Processes.stop(run);
            }
            assertThat(systemd.await("STOPPING=1", MAX)).isNotEmpty();
        }
    }

    @Test
    void serve_underNotifySocket_readyOnceListening() throws Exception {
        try (Cluster cluster = new Cluster(tmp.resolve("c")).embedded("n2");
             NotifyListener systemd = new NotifyListener(tmp.resolve("notify"))) {
            cluster.start();
            cluster.stopServer("n2");
            Process serve = start(Processes.confsync("serve", "--config", cluster.config("n2").toString()),
                    tmp.resolve("notify"));
            try {
                assertThat(systemd.await("READY=1", MAX).stream().filter(m -> m.contains("READY=1")).findFirst()
                        .orElseThrow()).contains("STATUS=serving n2 on 127.0.0.1:" + cluster.port("n2"));
                assertThat(systemd.await("WATCHDOG=1", MAX)).contains("WATCHDOG=1");
            } finally {
                Processes.stop(serve);
            }
        }
    }
}
