package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What confsync's SSH ends offer, as real OpenSSH sees it: a modern list only (no SHA-1, no CBC,
 * no ssh-rsa), with strict key exchange kept.
 */
class AlgorithmsTest {

    private static final Pattern WEAK = Pattern.compile("(?i)\\b(ssh-rsa|[a-z0-9-]*-cbc|hmac-sha1[a-z0-9@.-]*|"
            + "diffie-hellman-group1-sha1|diffie-hellman-group14-sha1|diffie-hellman-group-exchange-sha1|hmac-md5[a-z0-9@.-]*)"
            + "(,|$)");

    @TempDir
    Path tmp;

    /** The algorithm lists of a proposal in OpenSSH's debug output, joined. */
    private static String proposal(String log, String whose) {
        int at = log.indexOf("peer " + whose + " KEXINIT proposal");
        assertThat(at).as("no %s proposal in:%n%s", whose, log).isGreaterThanOrEqualTo(0);
        StringBuilder b = new StringBuilder();
        Matcher m = Pattern.compile("debug2: (KEX algorithms|host key algorithms|ciphers ctos|MACs ctos): (.*)")
                .matcher(log.substring(at));
        for (int i = 0; i < 4 && m.find(); i++) {
            b.append(m.group(1)).append(": ").append(m.group(2)).append('\n');
        }
        return b.toString();
    }

    @Test
    void serve_offersModernAlgorithmsOnly() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Processes.Ran ssh = Processes.run(List.of("ssh", "-vv", "-F", "/dev/null", "-o", "BatchMode=yes", "-o",
                    "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=10", "-p",
                    String.valueOf(cluster.port("n2")), "confsync@127.0.0.1", "true"), null, Duration.ofSeconds(30));

            String offered = proposal(ssh.err(), "server");
            assertThat(offered).contains("curve25519-sha256").contains("ssh-ed25519").contains("aes128-gcm@openssh.com")
                    .contains("kex-strict-s-v00@openssh.com");
            assertThat(WEAK.matcher(offered).find()).as(offered).isFalse();
        }
    }

    @Test
    void minaClient_offersModernAlgorithmsOnly() throws Exception {
        Cluster cluster = new Cluster(tmp);
        try (OpenSshd sshd = new OpenSshd(tmp.resolve("sshd"), cluster.keys.resolve("authorized_keys"), "DEBUG2")) {
            cluster.exec("n2", sshd.port, System.getProperty("user.name")).start();
            cluster.trust(sshd.port, sshd.hostKeyLine());
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");

            CliRun r = cluster.source("sync");

            assertThat(r.code()).as(r.out() + r.err()).isZero();
            String offered = proposal(sshd.log(), "client");
            assertThat(offered).contains("curve25519-sha256").contains("kex-strict-c-v00@openssh.com");
            assertThat(WEAK.matcher(offered).find()).as(offered).isFalse();
        } finally {
            cluster.close();
        }
    }
}
