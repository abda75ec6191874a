package io.confsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import io.confsync.manifest.Await;
import io.confsync.manifest.Digest;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.protocol.ProtocolLimits;
import io.confsync.transfer.session.Fence;
import io.confsync.transfer.session.Receiver;
import io.confsync.transfer.session.Sender;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A long-lived receiver answers read-only sessions from the manifest its real file watcher (inotify)
 * keeps current: after the first answer it visits only what changed.
 */
class LiveReceiverTest {

    private static final Duration MAX = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private Config config() throws Exception {
        return new ConfigLoader("live.yaml", null, io.confsync.conf.ThisHost.named("n2")).load(String.join("\n",
                "cluster: c", "node: n2", "nodes:", "  - name: n1", "    address: 127.0.0.1", "    root: " + tmp.resolve("n1"),
                "  - name: n2", "    address: 127.0.0.1", "    root: " + tmp.resolve("n2"), "sync:", "  - path: /etc/app",
                "state-dir: " + tmp.resolve("state"), ""));
    }

    /** One read-only session: the receiver's manifest as an audit gets it. */
    private static Manifest ask(Receiver receiver) throws Exception {
        PipedOutputStream toReceiver = new PipedOutputStream();
        PipedInputStream receiverIn = new PipedInputStream(toReceiver, 1 << 16);
        PipedOutputStream fromReceiver = new PipedOutputStream();
        PipedInputStream senderIn = new PipedInputStream(fromReceiver, 1 << 16);
        CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
            try (fromReceiver) {
                receiver.serve(receiverIn, fromReceiver);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Sender s = new Sender(senderIn, toReceiver, ProtocolLimits.DEFAULT);
        s.open("c", "n1", new Fence.Standing(1, "n1", 1), false);
        Manifest m = s.manifest();
        s.close();
        toReceiver.close();
        served.get(30, TimeUnit.SECONDS);
        return m;
    }

    @Test
    void readOnlySession_liveReceiver_visitsOnlyWhatChangedSinceTheLastAnswer() throws Exception {
        Path app = tmp.resolve("n2/etc/app");
        Files.createDirectories(app.resolve("conf.d"));
        for (int i = 0; i < 50; i++) {
            Files.writeString(app.resolve("conf.d/f" + i + ".conf"), "value " + i + "\n");
        }
        Receiver receiver = StandbyService.startLiveReceiver(config(), () -> { });
        try {
            Manifest first = ask(receiver);
            assertThat(first.size()).isEqualTo(52); // etc/app, conf.d and 50 files
            long visited = receiver.filesVisited();
            long hashed = receiver.filesHashed();
            assertThat(visited).isGreaterThanOrEqualTo(50);

            // Nothing changed: the same answer, and not one file visited or read.
            assertThat(ask(receiver)).isEqualTo(first);
            assertThat(receiver.filesVisited()).isEqualTo(visited);
            assertThat(receiver.filesHashed()).isEqualTo(hashed);

            // One file replaced as editors save (a new file renamed over it): seen by the watcher, and
            // only it is visited and read again.
            Path edited = app.resolve("conf.d/f7.conf");
            Path next = Files.writeString(tmp.resolve("f7.new"), "value 7, edited\n");
            Files.move(next, edited, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Digest now = Digest.of("value 7, edited\n".getBytes(StandardCharsets.UTF_8));
            RelPath rel = RelPath.of("etc/app/conf.d/f7.conf");
            assertThat(Await.until(tmp, MAX, () -> {
                try {
                    return now.equals(ask(receiver).get(rel).digest());
                } catch (Exception e) {
                    throw new java.io.IOException(e);
                }
            })).isTrue();
            assertThat(receiver.filesHashed() - hashed).isEqualTo(1);
            assertThat(receiver.filesVisited() - visited).as("not a walk of the 50 files").isBetween(1L, 5L);
        } finally {
            receiver.close();
        }
    }

    @Test
    void readOnlySession_receiverOfOneSession_scansEveryTime() throws Exception {
        Path app = Files.createDirectories(tmp.resolve("n2/etc/app"));
        Files.writeString(app.resolve("a.conf"), "a\n");
        Receiver receiver = StandbyService.startReceiver(config());

        ask(receiver);
        long visited = receiver.filesVisited();
        ask(receiver);

        assertThat(receiver.filesVisited() - visited).as("a walk visits every file again").isEqualTo(1);
    }
}
