package io.confsync.transfer.ssh;

import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import io.confsync.transfer.apply.ApplyOptions;
import io.confsync.transfer.protocol.ProtocolLimits;
import io.confsync.transfer.session.Receiver;
import io.confsync.transfer.session.ReceiverSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** A standby with an embedded server on a loopback port, and the files a source needs to reach it. */
public final class SshFixture implements AutoCloseable {

    /** The sync set used by the SSH tests. */
    public static final PathRules RULES = new PathRules(List.of(SyncRoot.of(RelPath.of("etc/app"))));

    public final Path dir;
    public final Path standbyBase;
    public final Path clientKey;
    public final Path knownHosts;
    public final EmbeddedServer server;

    /** Keys, authorized_keys, known_hosts and a started server, all under {@code dir}. */
    public SshFixture(Path dir) throws IOException {
        this.dir = dir;
        this.standbyBase = Files.createDirectories(dir.resolve("n2"));
        this.clientKey = dir.resolve("keys/id_ed25519");
        KeyPair client = SshKeys.readOrCreate(clientKey, "source");
        Path authorized = Files.writeString(dir.resolve("keys/authorized_keys"),
                SshKeys.publicLine(client.getPublic()) + " source\n");
        Receiver receiver = new Receiver(new ReceiverSettings("c1", "n2", Set.of("n1"), standbyBase, RULES,
                dir.resolve("state2"), 5, ApplyOptions.defaults(), 1L << 30, ProtocolLimits.DEFAULT, List.of(), null,
                new io.confsync.transfer.session.OpenFence()),
                Clock.systemUTC());
        server = new EmbeddedServer(new ServerSettings("127.0.0.1", 0, dir.resolve("keys/host_key"), authorized,
                "confsync", Duration.ofMinutes(1)), receiver);
        server.start();
        knownHosts = Files.writeString(dir.resolve("keys/known_hosts"), KnownHosts.hostPattern("127.0.0.1",
                server.port()) + " " + SshKeys.publicLine(server.hostKey().getPublic()) + "\n");
    }

    /** Client settings with the fixture's key and known_hosts. */
    public ClientSettings client(Path identity, Path hosts, boolean acceptNew) {
        return new ClientSettings(identity, hosts, acceptNew, Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMinutes(1), Duration.ofSeconds(15));
    }

    /** The target of the fixture's server. */
    public SshTarget target(String user) {
        return new SshTarget("127.0.0.1", server.port(), user, SshTarget.Transport.EMBEDDED, null);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
