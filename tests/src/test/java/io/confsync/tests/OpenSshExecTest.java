package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A standby reached through a real OpenSSH sshd running {@code confsync receive --stdio} (exec mode). */
class OpenSshExecTest {

    @TempDir
    Path tmp;

    @Test
    void sync_execStandbyThroughOpenSsh_treesEqual() throws Exception {
        Cluster cluster = new Cluster(tmp);
        try (OpenSshd sshd = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"))) {
            cluster.exec("n2", sshd.port, System.getProperty("user.name")).embedded("n3").start();
            cluster.trust(sshd.port, sshd.hostKeyLine());
            Path etc = cluster.root("n1").resolve("etc");
            TreeGenerator.generate(etc.resolve("app"), 11, 300);
            Files.writeString(etc.resolve("aliases"), "postmaster: root\n");

            CliRun r = cluster.source("sync");

            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(cluster.differences("n2")).isEmpty();
            assertThat(cluster.differences("n3")).isEmpty();

            Files.writeString(etc.resolve("aliases"), "postmaster: ops\n");
            CliRun again = cluster.source("sync", "--to", "n2");
            assertThat(again.code()).as(again.out() + again.err()).isZero();
            assertThat(again.out()).contains("1 updated");
            assertThat(Files.readString(cluster.root("n2").resolve("etc/aliases"))).isEqualTo("postmaster: ops\n");
        } finally {
            cluster.close();
        }
    }

    @Test
    void sync_execStandbyWithoutLocale_nonAsciiNameAndSymlinkToItLand() throws Exception {
        // sshd gives the forced command no LANG: the receiver's JVM once read such names as '?'
        // and failed the whole batch on the symlink (InvalidPathException).
        Cluster cluster = new Cluster(tmp);
        try (OpenSshd sshd = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"))) {
            cluster.exec("n2", sshd.port, System.getProperty("user.name")).start();
            cluster.trust(sshd.port, sshd.hostKeyLine());
            Path certs = Files.createDirectories(cluster.root("n1").resolve("etc/app/certs"));
            Files.writeString(certs.resolve("Főtanúsítvány.pem"), "ca\n");
            Files.createSymbolicLink(certs.resolve("988a38cb.0"), Path.of("Főtanúsítvány.pem"));
            TreeGenerator.generate(cluster.root("n1").resolve("etc/app/gen"), 3, 40);

            CliRun r = cluster.source("sync");

            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(cluster.differences("n2")).isEmpty();
            assertThat(Files.readSymbolicLink(cluster.root("n2").resolve("etc/app/certs/988a38cb.0")))
                    .isEqualTo(Path.of("Főtanúsítvány.pem"));
        } finally {
            cluster.close();
        }
    }

    @Test
    void run_execStandbyThroughOpenSsh_liveChangesArrive() throws Exception {
        Cluster cluster = new Cluster(tmp);
        Process run = null;
        try (OpenSshd sshd = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"))) {
            cluster.exec("n2", sshd.port, System.getProperty("user.name")).start();
            cluster.trust(sshd.port, sshd.hostKeyLine());
            Path app = Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(app.resolve("a.conf"), "1\n");
            Files.createDirectories(cluster.state("n1"));
            run = cluster.runSource().process();
            Path target = cluster.root("n2").resolve("etc/app/a.conf");
            assertThat(io.confsync.manifest.Await.until(cluster.state("n1"), java.time.Duration.ofSeconds(30),
                    () -> Files.exists(target))).isTrue();

            Files.writeString(app.resolve("a.conf"), "2\n");

            assertThat(io.confsync.manifest.Await.until(cluster.state("n1"), java.time.Duration.ofSeconds(30),
                    () -> Files.readString(target).equals("2\n"))).isTrue();
        } finally {
            Processes.stop(run);
            cluster.close();
        }
    }

    /** n2's own service, started and waiting to be promoted; it takes the sessions sshd starts. */
    private static Processes.Watched standbyService(Cluster cluster) throws Exception {
        return Processes.Watched.start(Processes.confsync("run", "--verbose", "--config",
                cluster.config("n2").toString()), l -> l.contains("waiting until this node is promoted"),
                java.time.Duration.ofSeconds(60));
    }

    @Test
    void sync_execStandbyRunsTheService_sessionHandedToItUntilItsConfigChanges() throws Exception {
        Cluster cluster = new Cluster(tmp);
        Processes.Watched service = null;
        try (OpenSshd sshd = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"))) {
            cluster.exec("n2", sshd.port, System.getProperty("user.name")).start();
            cluster.trust(sshd.port, sshd.hostKeyLine());
            Path etc = cluster.root("n1").resolve("etc");
            TreeGenerator.generate(etc.resolve("app"), 13, 120);
            Files.writeString(etc.resolve("aliases"), "postmaster: root\n");
            service = standbyService(cluster);

            CliRun r = cluster.source("sync");

            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(cluster.differences("n2")).isEmpty();
            // The receiver that logs the session is the service's: sshd's process only relayed it.
            service.await(l -> l.contains("push session from n1 opened"), java.time.Duration.ofSeconds(30));

            Path n2 = tmp.resolve("config/n2.yaml");
            Files.writeString(n2, Files.readString(n2) + "# edited, the service not restarted\n");
            Files.writeString(etc.resolve("aliases"), "postmaster: ops\n");
            CliRun again = cluster.source("sync");

            assertThat(again.code()).as(again.out() + again.err()).isZero();
            assertThat(Files.readString(cluster.root("n2").resolve("etc/aliases"))).isEqualTo("postmaster: ops\n");
            service.await(l -> l.contains("relay read another configuration file"), java.time.Duration.ofSeconds(30));
        } finally {
            Processes.stop(service == null ? null : service.process());
            cluster.close();
        }
        assertThat(cluster.state("n2").resolve("receiver.sock")).doesNotExist();
    }

    @Test
    void sync_standbyServiceAnswersFromItsLiveManifest_editsMadeJustBeforeArePutBack() throws Exception {
        // The standby's service tells a push session its live manifest once its watcher has caught
        // up: an edit made the moment before the sync must be in it, every time.
        Cluster cluster = new Cluster(tmp);
        Processes.Watched service = null;
        try (OpenSshd sshd = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"))) {
            cluster.exec("n2", sshd.port, System.getProperty("user.name")).start();
            cluster.trust(sshd.port, sshd.hostKeyLine());
            Path app = cluster.root("n1").resolve("etc/app");
            TreeGenerator.generate(app, 17, 60);
            service = standbyService(cluster);
            CliRun first = cluster.source("sync");
            assertThat(first.code()).as(first.out() + first.err()).isZero();
            List<Path> files;
            try (var all = Files.walk(cluster.root("n2").resolve("etc/app"))) {
                files = all.filter(Files::isRegularFile).sorted().toList();
            }

            for (int i = 0; i < 4; i++) {
                Files.writeString(files.get(i), "edited on n2 " + i + "\n");
                Files.setPosixFilePermissions(files.get(10 + i), java.nio.file.attribute.PosixFilePermissions
                        .fromString("rw-------"));
                Files.writeString(files.get(20).resolveSibling("extra" + i), "extra\n");
                CliRun r = cluster.source("sync");

                assertThat(r.code()).as(r.out() + r.err()).isZero();
                assertThat(cluster.differences("n2")).as("round %d: %s", i, r.out()).isEmpty();
            }
            service.await(l -> l.contains("push session from n1 opened"), java.time.Duration.ofSeconds(30));
        } finally {
            Processes.stop(service == null ? null : service.process());
            cluster.close();
        }
    }

    @Test
    void sync_openSshClient_execAndEmbeddedStandbysEqualAndUnknownKeyRefused() throws Exception {
        Cluster cluster = new Cluster(tmp).client("openssh");
        try (OpenSshd sshd = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"))) {
            cluster.exec("n2", sshd.port, System.getProperty("user.name")).embedded("n3").start();
            Path etc = cluster.root("n1").resolve("etc");
            TreeGenerator.generate(etc.resolve("app"), 5, 100);
            Files.writeString(etc.resolve("aliases"), "postmaster: root\n");

            CliRun unknown = cluster.source("sync", "--to", "n2");
            assertThat(unknown.code()).isEqualTo(2);
            assertThat(unknown.out()).contains("Host key verification failed");
            assertThat(cluster.manifest("n2").isEmpty()).isTrue();

            cluster.trust(sshd.port, sshd.hostKeyLine());
            CliRun r = cluster.source("sync");

            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(cluster.differences("n2")).isEmpty();
            assertThat(cluster.differences("n3")).isEmpty();
            CliRun audit = cluster.source("audit");
            assertThat(audit.code()).as(audit.out() + audit.err()).isZero();
        } finally {
            cluster.close();
        }
    }

    /**
     * An impostor: the host is known by an ed25519 key and now presents an RSA one. With
     * accept-new, MINA's client once took it for a new host, wrote to it and recorded its key.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mina", "openssh"})
    void sync_knownHostPresentsAKeyOfAnotherType_refusedEvenWithAcceptNewAndNothingRecorded(String client)
            throws Exception {
        Cluster cluster = new Cluster(tmp).client(client);
        try (OpenSshd impostor = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"), "INFO",
                "rsa")) {
            cluster.exec("n2", impostor.port, System.getProperty("user.name")).start();
            String genuine = io.confsync.transfer.ssh.SshKeys.publicLine(
                    io.confsync.transfer.ssh.SshKeys.generateEd25519().getPublic());
            cluster.trust(impostor.port, genuine);
            Path knownHosts = cluster.keys.resolve("known_hosts");
            String before = Files.readString(knownHosts);
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");

            CliRun r = cluster.source("sync", "--accept-new-host-key");

            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(cluster.root("n2").resolve("etc/app/a.conf")).doesNotExist();
            assertThat(Files.readString(knownHosts)).isEqualTo(before);
        } finally {
            cluster.close();
        }
    }

    @Test
    void sync_execStandbyUnknownHostKey_failsWithHowToTrust() throws Exception {
        Cluster cluster = new Cluster(tmp);
        try (OpenSshd sshd = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"))) {
            cluster.exec("n2", sshd.port, System.getProperty("user.name")).start();
            Files.writeString(cluster.root("n1").resolve("aliases"), "x");

            CliRun r = cluster.source("sync");

            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).contains("unknown host key for [127.0.0.1]:" + sshd.port)
                    .contains("--accept-new-host-key");
        } finally {
            cluster.close();
        }
    }
}
