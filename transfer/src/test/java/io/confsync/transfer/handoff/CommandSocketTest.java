package io.confsync.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command socket over a real Unix socket: output, exit code, the command's thread group, a hang-up. */
class CommandSocketTest {

    private static final String FINGERPRINT = "f1";

    @TempDir
    Path tmp;

    private static CommandRequest request(String... args) {
        return new CommandRequest("/etc/confsync/confsync.yaml", "", List.of(args));
    }

    @Test
    void offer_commandEnds_clientGetsOutputAndCodeFromAThreadGroupOfItsOwn() throws Exception {
        AtomicReference<ThreadGroup> group = new AtomicReference<>();
        try (CommandSocket socket = CommandSocket.open(tmp.resolve(CommandSocket.FILE_NAME), FINGERPRINT,
                (r, out, err) -> {
                    group.set(Thread.currentThread().getThreadGroup());
                    out.println("synced " + String.join(" ", r.args()));
                    err.println("a warning");
                    return 3;
                })) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandClient.Outcome o = CommandClient.offer(tmp.resolve(CommandSocket.FILE_NAME), FINGERPRINT,
                    request("sync", "--dry-run"), out, err);

            assertThat(o).isEqualTo(new CommandClient.Outcome.Ran(3));
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("synced sync --dry-run\n");
            assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("a warning\n");
            assertThat(group.get()).isNotNull().isNotSameAs(Thread.currentThread().getThreadGroup());
            assertThat(group.get().getName()).startsWith("confsync-command-");
        }
    }

    @Test
    void command_clientGoesAway_commandIsInterrupted() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        Path file = tmp.resolve(CommandSocket.FILE_NAME);
        try (CommandSocket socket = CommandSocket.open(file, FINGERPRINT, (r, out, err) -> {
            started.countDown();
            try {
                never.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return 0;
        })) {
            Relay.Connected c = Relay.connect(file, Greeting.offer(CommandRequest.MAGIC, FINGERPRINT),
                    Relay.GREETING_TIMEOUT);
            assertThat(c.channel()).as("%s", c.outcome()).isNotNull();
            try (SocketChannel ch = c.channel()) {
                request("sync").write(new DataOutputStream(Channels.newOutputStream(ch)));
                assertThat(started.await(30, TimeUnit.SECONDS)).as("the command started").isTrue();
                assertThat(interrupted.getCount()).as("not while the client waits").isEqualTo(1);
            } // the client closes: Ctrl-C
            assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the command was interrupted").isTrue();
        }
    }
}
