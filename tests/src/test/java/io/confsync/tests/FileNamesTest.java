package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Stat;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File names and times that once depended on the process environment, through the launcher in the
 * environments sshd and cron give it: no locale at all, and the C locale.
 */
class FileNamesTest {

    private static final Duration MAX = Duration.ofSeconds(60);
    private static final String CA = "Főtanúsítvány.pem";
    /** Before 1970, with nanoseconds: the JDK alone sets it to the epoch. */
    private static final String OLD_STAMP = "@-14182940.123456789";

    @TempDir
    Path tmp;
    Path src;

    @BeforeEach
    void setUp() throws Exception {
        src = Files.createDirectories(tmp.resolve("src/certs"));
        Files.writeString(src.resolve(CA), "-----BEGIN CERTIFICATE-----\n");
        Files.createSymbolicLink(src.resolve("988a38cb.0"), Path.of(CA));
        Files.writeString(src.resolve("plain.conf"), "x\n");
        // A Latin-1 name: bytes that are not UTF-8, written through a URI, which carries bytes.
        Files.writeString(Path.of(new URI(src.toUri() + "lat%F5n.conf")), "latin-1\n");
        Path old = Files.writeString(src.resolve("old.conf"), "from 1969\n");
        Process touch = new ProcessBuilder("touch", "-h", "-d", OLD_STAMP, old.toString()).inheritIO().start();
        assertThat(touch.waitFor()).isZero();
        assertThat(mtime(old)).isNegative();
    }

    private static Map<String, String> environment(String locale) {
        Map<String, String> env = new HashMap<>(Processes.bareEnvironment());
        if (!locale.isEmpty()) {
            env.put(locale.substring(0, locale.indexOf('=')), locale.substring(locale.indexOf('=') + 1));
        }
        return env;
    }

    private static long mtime(Path p) throws Exception {
        return Stat.nanos(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "LANG=C", "LC_ALL=POSIX"})
    void sync_anyLocale_namesAndOldTimesLandAndABadNameIsSkippedOnce(String locale) throws Exception {
        Map<String, String> env = environment(locale);
        Path dst = tmp.resolve("dst");

        Processes.Ran r = Processes.run(Processes.launcher("sync", "--from", tmp.resolve("src").toString(), "--to",
                dst.toString(), "--state-dir", tmp.resolve("state").toString()), env, MAX);

        assertThat(r.code()).as(r.all()).isZero();
        Path certs = dst.resolve("certs");
        assertThat(Files.readString(certs.resolve(CA))).isEqualTo("-----BEGIN CERTIFICATE-----\n");
        assertThat(Files.readSymbolicLink(certs.resolve("988a38cb.0"))).isEqualTo(Path.of(CA));
        assertThat(Files.readString(certs.resolve("plain.conf"))).isEqualTo("x\n");
        assertThat(mtime(certs.resolve("old.conf"))).isEqualTo(mtime(src.resolve("old.conf")));
        String skipped = src.resolve("lat").toString() + "\\xf5n.conf: skipped: its name is not valid UTF-8";
        assertThat(r.err()).as(r.all()).contains(skipped);
        assertThat(r.err().indexOf(skipped)).isEqualTo(r.err().lastIndexOf(skipped));
        try (var names = Files.list(certs)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(CA, "988a38cb.0",
                    "plain.conf", "old.conf");
        }

        Processes.Ran again = Processes.run(Processes.launcher("sync", "--dry-run", "--from",
                tmp.resolve("src").toString(), "--to", dst.toString(), "--state-dir", tmp.resolve("state").toString()),
                env, MAX);
        assertThat(again.code()).as(again.all()).isZero();
        assertThat(again.out()).as("converged: no meta (mtime) planned again").contains("in sync: nothing to do");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "LANG=C"})
    void manifest_anyLocale_printsNamesAsUtf8(String locale) throws Exception {
        Processes.Ran r = Processes.run(Processes.launcher("manifest", "--state-dir", tmp.resolve("state").toString(),
                src.toString()), environment(locale), MAX);

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).contains("/certs/" + CA).contains("988a38cb.0 -> " + CA).doesNotContain("?");
        assertThat(r.out()).as("a time before 1970 printed as such").containsPattern(" -\\d+\\.\\d{9} [0-9a-f]{16} \\S*/old\\.conf");
    }
}
