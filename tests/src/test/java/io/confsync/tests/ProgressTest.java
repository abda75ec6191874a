package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster sync and an audit show a progress bar on stderr when it is a terminal (a pty by script(1)), and nothing otherwise. */
class ProgressTest {

    private static final Duration MAX = Duration.ofSeconds(120);

    @TempDir
    Path tmp;

    private static String quoted(List<String> command) {
        List<String> out = new ArrayList<>();
        command.forEach(a -> out.add("'" + a.replace("'", "'\\''") + "'"));
        return String.join(" ", out);
    }

    @Test
    void sync_onATerminal_progressBarOnStderr_andNoneInAPipe() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").embedded("n3").start()) {
            TreeGenerator.generate(cluster.root("n1").resolve("etc/app/gen"), 3, 300);
            String n1 = cluster.config("n1").toString();

            Processes.Ran tty = Processes.run(List.of("script", "-qec", quoted(Processes.confsync("sync", "--config",
                    n1)), "/dev/null"), null, MAX);
            assertThat(tty.code()).as(tty.all()).isZero();
            assertThat(tty.out()).as(tty.all()).contains("sync 100%").contains("KiB").contains("n2 100%")
                    .contains("n3 100%").contains("synced").doesNotContain("WARNING");

            Processes.Ran audit = Processes.run(List.of("script", "-qec", quoted(Processes.confsync("audit", "--config",
                    n1)), "/dev/null"), null, MAX);
            assertThat(audit.code()).as(audit.all()).isZero();
            assertThat(audit.out()).as(audit.all()).contains("audit 100%").contains("2/2 nodes")
                    .contains("2 nodes audited");

            Files.writeString(cluster.root("n1").resolve("etc/app/gen/new.conf"), "one more\n");
            Processes.Ran piped = Processes.run(Processes.confsync("sync", "--config", n1), null, MAX);
            assertThat(piped.code()).as(piped.all()).isZero();
            assertThat(piped.err()).doesNotContain("KiB").doesNotContain("%");
            assertThat(piped.out()).contains("synced");
            Processes.Ran auditPiped = Processes.run(Processes.confsync("audit", "--config", n1), null, MAX);
            assertThat(auditPiped.err()).doesNotContain("nodes").doesNotContain("%");
        }
    }

    @Test
    void run_onATerminal_initialSyncBarEndsOnceEveryStandbyIsDone() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").embedded("n3").start()) {
            TreeGenerator.generate(cluster.root("n1").resolve("etc/app/gen"), 3, 300);
            Processes.Watched run = Processes.Watched.startOnTerminal(Processes.confsync("run", "--config",
                    cluster.config("n1").toString()), l -> l.contains("initial sync 100%"), MAX);
            try {
                run.await(l -> l.contains("n2: initial sync done"), MAX);
                run.await(l -> l.contains("n3: initial sync done"), MAX);
                assertThat(run.seen()).contains("KiB").containsPattern("initial sync 100%.*n2 100% n3 100%");
                assertThat(cluster.manifest("n2")).isEqualTo(cluster.manifest("n1"));
            } finally {
                // The service itself first, by PID (script(1) ends with it), then script.
                run.process().descendants().forEach(ProcessHandle::destroy);
                Processes.stop(run.process());
            }
        }
    }
}
