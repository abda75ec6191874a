package io.confsync.transfer.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.transfer.session.NodeReport;
import io.confsync.transfer.session.Receiver;
import io.confsync.transfer.session.TwoNodes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's socket and the relay, over real Unix sockets; the trees on Jimfs. */
class ServiceSocketTest {

    @TempDir
    Path tmp;

    private TwoNodes nodes;
    private Path src;
    private Path dst;
    private Path socket;

    @BeforeEach
    void setUp() throws Exception {
        nodes = new TwoNodes();
        src = nodes.src;
        dst = nodes.dst;
        socket = tmp.resolve(ServiceSocket.FILE_NAME);
        JimfsTrees.write(src, "etc/app/a.conf", "a = 1\n");
        JimfsTrees.write(src, "etc/app/sub/big.bin", "b".repeat(300_000));
        for (int i = 0; i < 40; i++) {
            JimfsTrees.write(src, "etc/app/many/f" + i + ".conf", "value " + i + "\n");
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    private Receiver receiver() {
        return nodes.receiver();
    }

    private NodeReport push(RelayLink link) {
        return nodes.push(link, false);
    }

    private Manifest scan(Path base) throws Exception {
        return nodes.scan(base);
    }

    /** Attempts a relay of {@code input} to the socket; returns the outcome and what is left of the input. */
    private static Attempt attempt(Path socket, String fingerprint, byte[] input) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Relay.Outcome o = Relay.attempt(socket, fingerprint, Channels.newChannel(in), Channels.newChannel(out));
        return new Attempt(o, new String(in.readAllBytes(), StandardCharsets.UTF_8), out.size());
    }

    private record Attempt(Relay.Outcome outcome, String unread, int written) {
    }

    @Test
    void attempt_serviceListening_sessionServedByTheService() throws Exception {
        try (ServiceSocket service = ServiceSocket.open(socket, "conf-1", receiver())) {
            RelayLink link = new RelayLink(socket, "conf-1");

            NodeReport r = push(link);

            assertThat(r.error()).isNull();
            assertThat(r.result().created()).isPositive();
            assertThat(link.outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(Relay.Outcome.Relayed.class);
            assertThat(service.served()).isEqualTo(1);
            assertThat(scan(dst)).isEqualTo(scan(src));
        }
    }

    @Test
    void open_socketFile_onlyItsOwnerMayConnect() throws Exception {
        try (ServiceSocket service = ServiceSocket.open(socket, "conf-1", receiver())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        }
    }

    @Test
    void attempt_noSocketFile_noServiceAndInputUntouched() throws Exception {
        Attempt a = attempt(socket, "conf-1", "session bytes".getBytes(StandardCharsets.UTF_8));

        assertThat(a.outcome()).isInstanceOf(Relay.Outcome.NoService.class);
        assertThat(a.unread()).isEqualTo("session bytes");
        assertThat(a.written()).isZero();
    }

    @Test
    void attempt_serviceWithAnotherConfiguration_declinedWithWhyAndInputUntouched() throws Exception {
        try (ServiceSocket service = ServiceSocket.open(socket, "conf-1", receiver())) {
            Attempt a = attempt(socket, "conf-2", "session bytes".getBytes(StandardCharsets.UTF_8));

            assertThat(a.outcome()).isInstanceOfSatisfying(Relay.Outcome.Declined.class,
                    d -> assertThat(d.why()).contains("another configuration").contains("reload"));
            assertThat(a.unread()).isEqualTo("session bytes");
            assertThat(a.written()).isZero();
            assertThat(service.served()).isZero();
        }
    }

    @Test
    void reconfigure_newConfiguration_sessionsOfTheOldOneDeclined() throws Exception {
        try (ServiceSocket service = ServiceSocket.open(socket, "conf-1", receiver())) {
            service.reconfigure("conf-2", receiver());

            Attempt a = attempt(socket, "conf-1", "session bytes".getBytes(StandardCharsets.UTF_8));

            assertThat(a.outcome()).isInstanceOfSatisfying(Relay.Outcome.Declined.class,
                    d -> assertThat(d.why()).contains("another configuration"));
            assertThat(a.unread()).isEqualTo("session bytes");
        }
    }

    @Test
    void attempt_socketFileNobodyServes_noService() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(Files.exists(socket)).isTrue();

        assertThat(attempt(socket, "conf-1", new byte[0]).outcome()).isInstanceOf(Relay.Outcome.NoService.class);
    }

    @Test
    void open_socketFileLeftByDeadService_replacedAndServing() throws Exception {
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }

        try (ServiceSocket service = ServiceSocket.open(socket, "conf-1", receiver())) {
            RelayLink link = new RelayLink(socket, "conf-1");
            assertThat(push(link).error()).isNull();
            assertThat(service.served()).isEqualTo(1);
        }
    }

    @Test
    void open_anotherServiceListening_refusedAndTheFirstKeepsServing() throws Exception {
        try (ServiceSocket first = ServiceSocket.open(socket, "conf-1", receiver())) {
            assertThatThrownBy(() -> ServiceSocket.open(socket, "conf-1", receiver()))
                    .isInstanceOf(IOException.class).hasMessageContaining("served by another confsync process");

            assertThat(push(new RelayLink(socket, "conf-1")).error()).isNull();
            assertThat(first.served()).isEqualTo(1);
        }
    }

    @Test
    void attempt_serviceAcceptsButNeverAnswers_declinedAfterTheTimeoutAndInputUntouched() throws Exception {
        try (ServerSocketChannel mute = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            mute.bind(UnixDomainSocketAddress.of(socket)); // connections queue in the backlog, unanswered
            ByteArrayInputStream in = new ByteArrayInputStream("session bytes".getBytes(StandardCharsets.UTF_8));

            Relay.Outcome o = Relay.attempt(socket, "conf-1", Channels.newChannel(in),
                    Channels.newChannel(new ByteArrayOutputStream()), java.time.Duration.ofMillis(300));

            assertThat(o).isInstanceOfSatisfying(Relay.Outcome.Declined.class,
                    d -> assertThat(d.why()).contains("did not answer"));
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("session bytes");
        }
    }

    @Test
    void close_socketFileRemovedAndRelayFindsNoService() throws Exception {
        ServiceSocket.open(socket, "conf-1", receiver()).close();

        assertThat(Files.exists(socket)).isFalse();
        assertThat(attempt(socket, "conf-1", new byte[0]).outcome()).isInstanceOf(Relay.Outcome.NoService.class);
    }
}
