package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Peers that stop answering are found out within the configured bounds, on both ends. */
class DeadPeerTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mina", "openssh"})
    void sync_listenerThatNeverAnswers_failsWithinTheConnectBoundSayingSo(String client) throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
             Cluster cluster = new Cluster(tmp).client(client).ssh("  connect-timeout: 3s").embedded("n2").start()) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, and never a byte back
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            cluster.stopServer("n2");
            cluster.route("n2", silent.getLocalPort());
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));

            long t0 = System.nanoTime();
            CliRun r = cluster.source("sync");
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;

            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(seconds).as("bounded by ssh.connect-timeout (3 s), not by keepalives").isLessThan(20);
            assertThat(r.out()).doesNotContain("authentication").doesNotContain("authorized_keys");
            if (client.equals("mina")) {
                assertThat(r.out()).contains("no SSH answer within 3 s");
            }
        }
    }

    @Test
    void sync_linkFrozenMidBatch_failsWithinTheKeepaliveBoundAndTheNextSyncGetsIn() throws Exception {
        try (Cluster cluster = new Cluster(tmp).ssh("  keepalive: 1s").yaml("limits:\n  batch-idle: 3s")
                .embedded("n2").start()) {
            Path app = cluster.root("n1").resolve("etc/app");
            TreeGenerator.generate(app, 4, 400);
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
            for (int i = 0; i < 8; i++) {
                byte[] blob = new byte[1 << 20]; // incompressible, so the batch really moves 8 MiB
                rnd.nextBytes(blob);
                Files.write(app.resolve("blob" + i + ".db"), blob);
            }
            try (Relay relay = new Relay(cluster.port("n2"), 2_000_000)) {
                cluster.route("n2", relay.port);

                long t0 = System.nanoTime();
                CliRun first = cluster.source("sync");
                long firstSeconds = (System.nanoTime() - t0) / 1_000_000_000L;

                assertThat(relay.frozen()).as("the link froze mid-batch").isTrue();
                assertThat(first.code()).as(first.out() + first.err()).isEqualTo(2);
                assertThat(firstSeconds).as("three missed 1 s keepalives, not the 10 min idle timeout")
                        .isLessThan(30);

                long t1 = System.nanoTime();
                CliRun second = cluster.source("sync");
                long secondSeconds = (System.nanoTime() - t1) / 1_000_000_000L;

                assertThat(second.code()).as(second.out() + second.err()).isZero();
                assertThat(secondSeconds).as("the dead session's batch lock freed by limits.batch-idle (3 s)")
                        .isLessThan(30);
                assertThat(cluster.differences("n2")).isEmpty();
            }
        }
    }
}
