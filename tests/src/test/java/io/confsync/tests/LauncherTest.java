package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command as a person runs it: the launcher as a process, its real stdout, stderr and exit
 * code (an in-memory writer once hid an unflushed {@code audit --diff} that printed nothing).
 */
class LauncherTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private static Processes.Ran confsync(String... args) throws Exception {
        return Processes.run(Processes.launcher(args), null, MAX);
    }

    @Test
    void versionHelpAndBadUsage_printAndExitAsDocumented() throws Exception {
        Processes.Ran version = confsync("--version");
        assertThat(version.code()).as(version.all()).isZero();
        assertThat(version.out()).startsWith("confsync ");

        Processes.Ran help = confsync("audit", "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--diff").contains("--nagios");

        Processes.Ran unknown = confsync("frobnicate");
        assertThat(unknown.code()).isEqualTo(64);
        assertThat(unknown.err()).contains("frobnicate");

        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "cluster: test\nnodez: []\n");
        Processes.Ran config = confsync("manifest", "--config", bad.toString());
        assertThat(config.code()).isEqualTo(78);
        assertThat(config.err()).isEqualTo("confsync: " + bad + ":2:1: unknown key 'nodez' in the configuration "
                + "(did you mean 'nodes'?)\n");
    }

    /** The JVM flags as the launcher gives them, without the suite's own (see {@link Processes#launcher}). */
    @Test
    void daemonsAndOneShotCommands_getTheirOwnJvmFlags() throws Exception {
        for (String command : List.of("run", "serve", "sync", "audit")) {
            Processes.Ran r = Processes.run(List.of("env", "CONFSYNC_NO_BUILD=1", "CONFSYNC_NO_CDS=1",
                    "CONFSYNC_JAVA_OPTS=-XX:+PrintCommandLineFlags", Processes.launcherScript().toString(), command,
                    "--help"), null, MAX);
            assertThat(r.code()).as(r.all()).isZero();
            String flags = r.out().lines().findFirst().orElse("");
            assertThat(flags).as(command).contains("-XX:+UseSerialGC");
            if (command.equals("run") || command.equals("serve")) {
                assertThat(flags).as(command + ": both compilers, a small heap that shrinks")
                        .doesNotContain("TieredStopAtLevel").contains("-XX:InitialHeapSize=16777216")
                        .contains("-XX:MaxHeapSize=1073741824").contains("-XX:MaxHeapFreeRatio=30");
            } else {
                assertThat(flags).as(command + ": C1 alone").contains("-XX:TieredStopAtLevel=1")
                        .doesNotContain("MaxHeapFreeRatio");
            }
        }
    }

    @Test
    void keygen_writesAKeyAndPrintsItsPublicLine() throws Exception {
        Processes.Ran r = confsync("keygen", "-f", tmp.resolve("id").toString());

        assertThat(r.code()).as(r.all()).isZero();
        assertThat(r.out()).startsWith("ssh-ed25519 ");
        assertThat(Files.getAttribute(tmp.resolve("id"), "unix:mode")).isEqualTo(0100600);
    }

    @Test
    void clusterCommands_syncAuditDiffStatusLivePromoteDryRun_printWhatTheySay() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Path app = Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(app.resolve("a.conf"), "line 1\nline 2\n");
            String n1 = cluster.config("n1").toString();

            Processes.Ran sync = confsync("sync", "--config", n1);
            assertThat(sync.code()).as(sync.all()).isZero();
            assertThat(sync.out()).containsPattern("n2 +synced");

            Files.writeString(cluster.root("n2").resolve("etc/app/a.conf"), "line 1\nedited on n2\n");
            Processes.Ran diff = confsync("audit", "--diff", "/etc/app/a.conf", "--config", n1);
            assertThat(diff.code()).as(diff.all()).isEqualTo(1);
            assertThat(diff.out()).contains("-line 2").contains("+edited on n2");

            Processes.Ran json = confsync("audit", "--json", "--config", n1);
            assertThat(json.code()).isEqualTo(1);
            assertThat(json.out()).contains("\"status\" : \"drift\"");

            Processes.Ran live = confsync("status", "--live", "--config", n1);
            assertThat(live.code()).as(live.all()).isEqualTo(2);
            assertThat(live.out()).contains("BAD").contains("n2 has 1 path of drift");

            Processes.Ran promote = confsync("promote", "--dry-run", "--config", cluster.config("n2").toString());
            assertThat(promote.out() + promote.err()).contains("n1");
        }
    }

    /**
     * A command that keeps running, through each of the launcher's three paths (no class-data
     * archive yet; a class list to dump in the background; the archive): the PID that was started
     * is the JVM itself, and SIGTERM to it stops confsync cleanly.
     */
    @Test
    void demo_everyLauncherPath_pidIsTheJvmAndSigtermStopsIt() throws Exception {
        Path cds = Files.createDirectories(tmp.resolve("cds"));
        for (int run = 1; run <= 3; run++) {
            if (run == 3) {
                assertThat(awaitFile(cds.resolve("demo.jsa"))).as("archive dumped after run 2").isTrue();
            }
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("CONFSYNC_CDS_DIR", cds.toString());
            env.remove("CONFSYNC_NO_CDS");
            List<String> cmd = new ArrayList<>(List.of("env", "CONFSYNC_NO_BUILD=1",
                    Processes.launcherScript().toString(), "demo", "--dir", tmp.resolve("demo" + run).toString()));
            Path out = tmp.resolve("demo" + run + ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(tmp.resolve("demo" + run + ".err").toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            try {
                assertThat(awaitText(out, "The cluster keeps running")).as("run %d: %s", run, read(out)).isTrue();
                String command = p.info().command().orElse("");
                assertThat(command).as("run %d: the started PID runs", run).endsWith("/java");
                // Below it at most the class-data dump that run 2 starts in the background.
                assertThat(p.descendants().filter(d -> d.info().command().orElse("").endsWith("/java")
                        && !List.of(d.info().arguments().orElse(new String[0])).contains("-Xshare:dump")))
                        .as("run %d: no confsync JVM below it", run).isEmpty();

                p.destroy(); // SIGTERM to the PID that was started

                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
                assertThat(read(out)).contains("stopping the demo");
            } finally {
                Processes.stop(p);
            }
        }
    }

    private static String read(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.readString(p) : "";
    }

    private static boolean awaitText(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + MAX.toNanos();
        while (System.nanoTime() < deadline) {
            if (read(file).contains(text)) {
                return true;
            }
            Thread.sleep(50); // a file another process writes; no event to wait on here
        }
        return false;
    }

    private static boolean awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + MAX.toNanos();
        while (System.nanoTime() < deadline && !Files.exists(file)) {
            Thread.sleep(50);
        }
        return Files.exists(file);
    }
}
