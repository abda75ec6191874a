package io.confsync.transfer.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterKeysTest {

    @TempDir
    Path tmp;

    private static String line(KeyPair k) {
        return SshKeys.publicLine(k.getPublic());
    }

    @Test
    void withHost_hostWithOldLines_exactlyTheGivenKeysForItAndEveryOtherLineKept() throws Exception {
        String a = line(SshKeys.generateEd25519());
        String b = line(SshKeys.generateEd25519());
        String hashed = "|1|" + java.util.Base64.getEncoder().encodeToString(new byte[20]) + "|"
                + java.util.Base64.getEncoder().encodeToString(new byte[20]);
        String text = "# cluster\n[10.0.0.1]:2222 " + a + "\n[10.0.0.2]:2222 " + a + "\n" + hashed + " " + a + "\n";

        String out = ClusterKeys.withHost(text, "[10.0.0.1]:2222", List.of(b));

        assertThat(out).isEqualTo("# cluster\n[10.0.0.2]:2222 " + a + "\n" + hashed + " " + a + "\n[10.0.0.1]:2222 " + b + "\n");
        assertThat(ClusterKeys.withHost(out, "[10.0.0.1]:2222", List.of(b))).as("the same on every run").isEqualTo(out);
        assertThat(ClusterKeys.knownHostsProblem(out)).isNull();
    }

    @Test
    void withKeys_someKeysPresentWithOptions_addsOnlyTheMissingOnesBehindTheForcedCommand() throws Exception {
        String a = line(SshKeys.generateEd25519());
        String b = line(SshKeys.generateEd25519());
        String text = "# admin\ncommand=\"confsync receive --stdio --node n2\" " + a + " root@n1\n";

        String out = ClusterKeys.withKeys(text, List.of(a + " confsync@n1", b + " confsync@n2"));

        assertThat(out).isEqualTo(text + ClusterKeys.FORCED + b + " confsync@n2\n");
        assertThat(ClusterKeys.withKeys(out, List.of(b + " confsync@n2"))).isEqualTo(out);
        assertThat(ClusterKeys.authorizedKeysProblem(out)).isNull();
        assertThat(ClusterKeys.authorizedKeysProblem(out + "ssh-ed25519\n")).startsWith("line 4 is not an authorized_keys entry");
    }

    @Test
    void identityLine_publicFileOrPrivateKeyOrNothing_theKeyWithoutItsComment() throws Exception {
        KeyPair k = SshKeys.generateEd25519();
        Path key = tmp.resolve("id_ed25519");
        SshKeys.write(k, key, "root@n1");

        assertThat(ClusterKeys.identityLine(key)).isEqualTo(line(k));
        Files.delete(tmp.resolve("id_ed25519.pub"));
        assertThat(ClusterKeys.identityLine(key)).isEqualTo(line(k));
        assertThat(ClusterKeys.identityLine(tmp.resolve("none"))).isEmpty();
        assertThat(ClusterKeys.describe(line(k))).isEqualTo("ssh-ed25519 " + SshKeys.fingerprint(k.getPublic()));
    }
}
