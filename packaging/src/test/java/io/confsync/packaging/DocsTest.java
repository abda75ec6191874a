package io.confsync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsTest {

    @TempDir
    Path tmp;

    @Test
    void gzip_text_readableBestCompressionNoTimeStampSameBytesEveryTime() throws Exception {
        String text = "confsync ".repeat(1000);

        byte[] gz = Docs.gzip(text);

        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(text);
        assertThat(gz[4] | gz[5] | gz[6] | gz[7]).as("mtime").isZero();
        assertThat(gz[8]).as("XFL: best compression").isEqualTo((byte) 2);
        assertThat(Docs.gzip(text)).isEqualTo(gz);
    }

    @Test
    void main_outDir_manPagesCompletionAndChangelog() throws Exception {
        Path readme = Files.writeString(tmp.resolve("README.md"), "# confsync\n");

        Docs.main(new String[] {tmp.resolve("out").toString(), "0.1.0-SNAPSHOT", "2026-12-02T01:02:03Z",
                readme.toString()});

        assertThat(tmp.resolve("out/man/confsync.8.gz")).exists();
        assertThat(tmp.resolve("out/man/confsync-check.8.gz")).exists();
        assertThat(tmp.resolve("out/man/confsync-help.8.gz")).doesNotExist();
        String completion = Files.readString(tmp.resolve("out/completion/confsync"));
        assertThat(completion).doesNotStartWith("#!").contains("complete -F").contains("check");
        String changelog = new String(new GZIPInputStream(Files.newInputStream(tmp.resolve("out/doc/changelog.gz")))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(changelog).startsWith("confsync (0.1.0~SNAPSHOT) unstable; urgency=medium\n")
                .endsWith(" -- confsync developers <confsync@example.org>  Wed, 02 Dec 2026 01:02:03 +0000\n");
        assertThat(Docs.changelog("1.0", Instant.parse("2026-12-02T01:02:03Z"))).contains("(1.0)");
    }
}
