package io.confsync.transfer.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownHostsLinesTest {

    @TempDir
    Path tmp;

    @Test
    void describe_hostWithALine_namesItsTypeAndTheFingerprintMinaComputes() throws Exception {
        KeyPair old = SshKeys.generateEd25519();
        KeyPair key = SshKeys.generateEd25519();
        Path file = tmp.resolve("known_hosts");
        Files.writeString(file, "# comment\n\n[10.0.0.9]:22 " + SshKeys.publicLine(old.getPublic()) + "\n"
                + "other,[10.0.0.12]:2222 " + SshKeys.publicLine(key.getPublic()) + "\n");

        assertThat(KnownHostsLines.describe(file, "[10.0.0.12]:2222"))
                .isEqualTo("ssh-ed25519 " + SshKeys.fingerprint(key.getPublic()));
        assertThat(KnownHostsLines.describe(file, "[10.0.0.13]:2222")).isEqualTo("a key");
        assertThat(KnownHostsLines.describe(tmp.resolve("missing"), "x")).isEqualTo("a key");
    }
}
