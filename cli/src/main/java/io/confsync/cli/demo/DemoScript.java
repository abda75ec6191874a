package io.confsync.cli.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

/** The scripted part of the demo: edits on the source and what arrives where, with timings. */
public final class DemoScript {

    private static final long WAIT_NANOS = 30_000_000_000L;

    private final DemoCluster cluster;
    private final PrintWriter out;
    private final Path sourceState;

    public DemoScript(DemoCluster cluster, PrintWriter out, Path sourceState) {
        this.cluster = cluster;
        this.out = out;
        this.sourceState = sourceState;
    }

    public void play() throws IOException, InterruptedException {
        String[] standbys = Arrays.copyOfRange(cluster.nodes(), 1, cluster.nodes().length);
        step("initial sync of /etc/postfix and /etc/aliases", "etc/postfix/main.cf", null, standbys);

        Path mainCf = cluster.root("mx1").resolve("etc/postfix/main.cf");
        Files.writeString(mainCf, Files.readString(mainCf) + "relayhost = [smtp.example.org]:587\n");
        step("edit /etc/postfix/main.cf on mx1", "etc/postfix/main.cf", mainCf, standbys);

        Path aliases = cluster.root("mx1").resolve("etc/aliases");
        Path saved = Files.writeString(aliases.resolveSibling(".aliases.tmp"), "postmaster: ops@example.org\n");
        Files.move(saved, aliases, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        step("editor-style atomic save of /etc/aliases on mx1", "etc/aliases", aliases, standbys);

        Path drifted = cluster.root("mx2").resolve("etc/postfix/main.cf");
        Files.writeString(drifted, "# edited by hand on mx2\n");
        Files.writeString(cluster.root("mx1").resolve("etc/postfix/master.cf"),
                "smtp inet n - y - - smtpd\nsubmission inet n - y - - smtpd\n");
        step("a hand edit on mx2 (drift), then a change on mx1: mx2's copy is put back, the old one kept in "
                + "backups", "etc/postfix/main.cf", mainCf, "mx2");

        out.println();
        out.println("hooks run on the standbys (" + cluster.hookLog() + "):");
        if (Files.exists(cluster.hookLog())) {
            Files.readAllLines(cluster.hookLog()).forEach(l -> out.println("  " + l));
        }
        out.println();
        out.println("status (" + sourceState.resolve("status.json") + "):");
        out.flush();
        CliRunner.status(cluster.config("mx1"), out);
    }

    /** Waits until every standby's copy equals the source's, printing the time it took. */
    private void step(String what, String rel, Path changed, String... standbys)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path src = cluster.root("mx1").resolve(rel);
        for (String n : standbys) {
            Path dst = cluster.root(n).resolve(rel);
            while (!sameContent(src, dst)) {
                if (System.nanoTime() - t0 > WAIT_NANOS) {
                    out.printf("  %-70s %s did NOT get it within 30 s%n", what, n);
                    return;
                }
                Thread.sleep(2);
            }
        }
        out.printf(Locale.ROOT, "  %-70s on %s after %d ms%n", what, String.join(", ", standbys),
                (System.nanoTime() - t0) / 1_000_000);
        out.flush();
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        return Files.exists(b) && Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b));
    }
}
