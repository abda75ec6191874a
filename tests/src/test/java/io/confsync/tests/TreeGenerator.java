package io.confsync.tests;

import io.confsync.manifest.Stat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic /etc-like tree: nested directories, small text files of varied modes, symlinks,
 * and fixed mtimes with nanoseconds. The same seed gives the same bytes, modes and times.
 */
final class TreeGenerator {

    private static final String[] TOPS = {"postfix", "ssl", "nginx", "pam.d", "security", "cron.d", "default",
        "systemd", "ldap", "logrotate.d"};
    private static final String[] WORDS = {"auth", "cache", "daemon", "host", "key", "mail", "policy", "port",
        "proxy", "rule", "server", "session", "tls", "user", "zone"};
    private static final int[] FILE_MODES = {0644, 0644, 0644, 0600, 0755, 0640};

    private TreeGenerator() {
    }

    /** Writes {@code files} files in about {@code files / 12} directories under {@code root}. */
    static void generate(Path root, long seed, int files) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Path> dirs = new ArrayList<>();
        Files.createDirectories(root);
        for (String top : TOPS) {
            dirs.add(Files.createDirectories(root.resolve(top)));
        }
        while (dirs.size() < Math.max(TOPS.length, files / 12)) {
            Path parent = dirs.get(rnd.nextInt(dirs.size()));
            Path d = parent.resolve(WORDS[rnd.nextInt(WORDS.length)] + ".d" + dirs.size());
            dirs.add(Files.createDirectories(d));
        }
        List<Path> written = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            Path f = dirs.get(rnd.nextInt(dirs.size())).resolve(WORDS[rnd.nextInt(WORDS.length)] + i + ".conf");
            Files.write(f, text(rnd, 200 + rnd.nextInt(8000)));
            Files.setAttribute(f, "unix:mode", FILE_MODES[rnd.nextInt(FILE_MODES.length)]);
            Files.setLastModifiedTime(f, Stat.fileTime(1_704_067_200_000_000_000L + rnd.nextLong(1L << 40)));
            written.add(f);
        }
        for (int i = 0; i < files / 200; i++) {
            Path target = written.get(rnd.nextInt(written.size()));
            Path link = target.resolveSibling("link" + i);
            if (!Files.exists(link)) {
                Files.createSymbolicLink(link, target.getFileName());
            }
        }
        for (Path d : dirs) {
            Files.setLastModifiedTime(d, Stat.fileTime(1_704_067_200_123_456_789L));
        }
    }

    private static byte[] text(SplittableRandom rnd, int size) {
        StringBuilder b = new StringBuilder(size + 64);
        while (b.length() < size) {
            b.append(WORDS[rnd.nextInt(WORDS.length)]).append(" = ").append(rnd.nextInt(100_000)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }
}
