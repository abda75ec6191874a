package io.confsync.transfer.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshKeysTest {

    @TempDir
    Path tmp;

    @Test
    void readOrCreate_missingFile_writesEd25519KeyReadableAgain() throws Exception {
        Path key = tmp.resolve("id_ed25519");

        KeyPair created = SshKeys.readOrCreate(key, "test");
        KeyPair again = SshKeys.readOrCreate(key, "test");

        assertThat(SshKeys.publicLine(created.getPublic())).startsWith("ssh-ed25519 ");
        assertThat(again.getPublic()).isEqualTo(created.getPublic());
        assertThat(Files.getPosixFilePermissions(key)).hasSize(2);
        assertThat(Files.readString(tmp.resolve("id_ed25519.pub"))).startsWith("ssh-ed25519 ");
        assertThat(SshKeys.fingerprint(created.getPublic())).startsWith("SHA256:");
    }
}
