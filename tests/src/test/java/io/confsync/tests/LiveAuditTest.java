package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit} against a standby whose long-lived receiver ({@code serve}) keeps its manifest with
 * its file watcher: after the first answer, an unchanged standby is answered without visiting a
 * single file, and a change made there is in the next answer with only its directory looked at.
 */
class LiveAuditTest {

    private static final Duration MAX = Duration.ofSeconds(60);
    private static final Pattern ANSWER = Pattern.compile("live scan: (\\d+) entries, (\\d+) files visited, (\\d+) hashed");

    @TempDir
    Path tmp;

    @Test
    void audit_standbyServing_answeredFromTheLiveManifest() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Path app = cluster.root("n1").resolve("etc/app");
            Files.createDirectories(app.resolve("conf.d"));
            Files.createDirectories(app.resolve("local"));
            for (int i = 0; i < 30; i++) {
                Files.writeString(app.resolve("conf.d/f" + i + ".conf"), "value " + i + "\n");
            }
            Files.writeString(app.resolve("local/site.conf"), "site\n");
            assertThat(cluster.source("sync").code()).isZero();
            cluster.stopServer("n2");
            Processes.Watched serve = Processes.Watched.start(Processes.confsync("serve", "--debug", "--config",
                    cluster.dir.resolve("config/n2.yaml").toString()), l -> l.contains("serving n2"), MAX);
            try {
                CliRun first = cluster.source("audit");
                assertThat(first.code()).as(first.out() + first.err()).isZero();
                CliRun second = cluster.source("audit");
                assertThat(second.code()).as(second.out() + second.err()).isZero();
                Files.writeString(cluster.root("n2").resolve("etc/app/local/site.conf"), "edited on n2\n");
                CliRun third = awaitDrift(cluster);
                assertThat(third.out()).containsPattern("n2 +content +/etc/app/local/site.conf");

                List<long[]> answers = answers(serve.seen());
                assertThat(answers).as(serve.seen()).hasSizeGreaterThanOrEqualTo(3);
                assertThat(answers.get(0)[1]).as("the first answer walks: 31 files").isEqualTo(31);
                assertThat(answers.get(1)).as("unchanged: nothing visited or read").containsExactly(34, 0, 0);
                // After the edit: the edited file is visited again, not the 30 others. An audit asks
                // for the digest first and, when it differs, for the manifest: the visits of all the
                // answers after the edit add up, whichever of them saw it.
                long visitedSince = answers.subList(2, answers.size()).stream().mapToLong(a -> a[1]).sum();
                assertThat(visitedSince).as(serve.seen()).isBetween(1L, 2L);
            } finally {
                Processes.stop(serve.process());
            }
        }
    }

    /** Audits until the edit on n2 shows (the watcher sees it within milliseconds), 60 s at most. */
    private static CliRun awaitDrift(Cluster cluster) throws Exception {
        long end = System.nanoTime() + MAX.toNanos();
        CliRun r = cluster.source("audit");
        while (r.code() == 0 && System.nanoTime() < end) {
            r = cluster.source("audit");
        }
        assertThat(r.code()).as(r.out()).isEqualTo(1);
        return r;
    }

    /** Each answer's entries, files visited and files hashed, from the standby's debug log. */
    private static List<long[]> answers(String log) {
        List<long[]> out = new ArrayList<>();
        Matcher m = ANSWER.matcher(log);
        while (m.find()) {
            out.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        return out;
    }
}
