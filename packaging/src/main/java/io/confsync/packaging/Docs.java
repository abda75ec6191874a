package io.confsync.packaging;

import io.confsync.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Run at build time (exec-maven-plugin, package phase): writes the man pages and the bash completion
 * that the package installs, from the command line's own model.
 * {@code Docs OUT-DIR VERSION TIMESTAMP README} writes {@code OUT-DIR/man/confsync*.8.gz},
 * {@code OUT-DIR/completion/confsync}, and {@code OUT-DIR/doc/}: the package's changelog and the
 * README, compressed as Debian wants them.
 */
public final class Docs {

    private Docs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: Docs OUT-DIR VERSION TIMESTAMP README");
        }
        Path out = Path.of(args[0]);
        String version = debianVersion(args[1]);
        java.time.Instant built = java.time.Instant.parse(args[2]);
        ManPage pages = new ManPage(built.toString().substring(0, 10), version);
        CommandLine cl = Main.commandLine();
        Path man = Files.createDirectories(out.resolve("man"));
        write(man.resolve(ManPage.fileName(cl.getCommandSpec()) + ".gz"), gzip(pages.top(cl.getCommandSpec())));
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                write(man.resolve(ManPage.fileName(sub.getCommandSpec()) + ".gz"), gzip(pages.command(sub.getCommandSpec())));
            }
        }
        Path completion = Files.createDirectories(out.resolve("completion"));
        // Sourced by bash-completion, never run: no "#!" line (lintian's bash-completion-with-hashbang).
        String script = AutoComplete.bash("confsync", cl).replaceFirst("\\A#!.*\n", "");
        write(completion.resolve("confsync"), script.getBytes(StandardCharsets.UTF_8));
        Path doc = Files.createDirectories(out.resolve("doc"));
        write(doc.resolve("changelog.gz"), gzip(changelog(version, built)));
        write(doc.resolve("README.md.gz"), gzip(Files.readString(Path.of(args[3]))));
    }

    /** The package version for a Maven one, as jdeb makes it: {@code 0.1.0-SNAPSHOT} sorts before {@code 0.1.0}. */
    static String debianVersion(String maven) {
        return maven.replace("-SNAPSHOT", "~SNAPSHOT");
    }

    /** A native package's changelog: one entry, for this build. */
    static String changelog(String version, java.time.Instant built) {
        String date = java.time.format.DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", java.util.Locale.ENGLISH)
                .format(built.atOffset(java.time.ZoneOffset.UTC));
        return "confsync (" + version + ") unstable; urgency=medium\n\n"
                + "  * Build of confsync " + version + "; see README.md.gz for what it does.\n\n"
                + " -- confsync developers <confsync@example.org>  " + date + "\n";
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
    }

    /**
     * gzip as Debian wants a man page (gzip -9n): best compression, flagged so in the header, no
     * name and no time stamp, so that two builds give the same bytes. The JDK's GZIPOutputStream
     * flags neither.
     */
    static byte[] gzip(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3}); // deflate, no flags, mtime 0, XFL best, Unix
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            b.write(buf, 0, d.deflate(buf));
        }
        d.end();
        CRC32 crc = new CRC32();
        crc.update(data);
        writeIntLe(b, (int) crc.getValue());
        writeIntLe(b, data.length);
        return b.toByteArray();
    }

    private static void writeIntLe(ByteArrayOutputStream b, int v) {
        b.write(v);
        b.write(v >>> 8);
        b.write(v >>> 16);
        b.write(v >>> 24);
    }
}
