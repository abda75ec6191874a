package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.confsync.manifest.Await;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes the live service once missed or landed half-written, each through a real {@code run}
 * with a reconcile period far beyond the test, so that only the watcher can have seen them.
 */
class LiveChangesTest {

    private static final Duration MAX = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    Cluster cluster;
    Processes.Watched run;

    @AfterEach
    void tearDown() {
        if (run != null) {
            Processes.stop(run.process());
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startRun(List<String> prefix) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(Processes.confsync("run", "--reconcile", "1h", "--config", cluster.config("n1").toString()));
        run = Processes.Watched.start(cmd, l -> l.contains("is the source"), Duration.ofSeconds(60));
    }

    private boolean arrives(String rel, String content) throws Exception {
        Path p = cluster.root("n2").resolve(rel);
        return Await.until(cluster.state("n1"), MAX, () -> Files.exists(p) && Files.readString(p).equals(content));
    }

    @Test
    void run_writeThroughMmap_reachesTheStandby() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").start();
        Path db = cluster.root("n1").resolve("etc/app/aliases.db");
        Files.createDirectories(db.getParent());
        Files.writeString(db, "a".repeat(4096));
        startRun(List.of());
        assertThat(arrives("etc/app/aliases.db", "a".repeat(4096))).isTrue();

        io.confsync.manifest.MappedWrite.put(db, 4096, 0, (byte) 'b');

        assertThat(arrives("etc/app/aliases.db", "b" + "a".repeat(4095))).isTrue();
    }

    @Test
    void run_attributeAclAndHardLinkMadeOnTheSource_reachTheStandbyLive() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").start();
        Path conf = cluster.root("n1").resolve("etc/app/main.cf");
        Files.createDirectories(conf.getParent());
        Files.writeString(conf, "x\n");
        startRun(List.of());
        assertThat(arrives("etc/app/main.cf", "x\n")).isTrue();

        io.confsync.manifest.AttrTools.setfattr(conf, "user.origin", "n1");
        io.confsync.manifest.AttrTools.setfacl(conf, "-m", "u:nobody:r");
        Files.createLink(cluster.root("n1").resolve("etc/app/main.cf.link"), conf);

        Path mirror = cluster.root("n2").resolve("etc/app/main.cf");
        assertThat(Await.until(cluster.state("n1"), MAX, () -> {
            io.confsync.manifest.FileEntry e = cluster.manifest("n2").get(io.confsync.manifest.RelPath.of(
                    "etc/app/main.cf.link"));
            return e != null && cluster.differences("n2").isEmpty()
                    && Files.getAttribute(mirror, "unix:nlink").equals(2);
        })).as("the standby: %s", cluster.differences("n2")).isTrue();
    }

    @Test
    void run_namedFileWhoseDirectoryIsCreatedLater_itsCreationAndNextEditArrive() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").sync("  - path: /var/lib/bm-ca/ca-cert.pem").start();
        Files.createDirectories(cluster.root("n1").resolve("etc/app"));
        startRun(List.of());

        Path ca = Files.createDirectories(cluster.root("n1").resolve("var/lib/bm-ca")).resolve("ca-cert.pem");
        Files.writeString(ca, "CA 1\n");
        assertThat(arrives("var/lib/bm-ca/ca-cert.pem", "CA 1\n")).isTrue();

        Files.writeString(ca, "CA 2\n");
        assertThat(arrives("var/lib/bm-ca/ca-cert.pem", "CA 2\n")).isTrue();
    }

    @Test
    void run_slowWriter_landsOnceWholeAndTheHookRunsOnce() throws Exception {
        Path log = tmp.resolve("hook.log");
        cluster = new Cluster(tmp).hook("[ -f etc/app/slow.conf ] && echo \"$(wc -l < etc/app/slow.conf)\" >> " + log)
                .embedded("n2").start();
        Path slow = Files.createDirectories(cluster.root("n1").resolve("etc/app")).resolve("slow.conf");
        startRun(List.of());
        assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.isDirectory(cluster.root("n2").resolve("etc/app"))))
                .isTrue();

        try (OutputStream out = Files.newOutputStream(slow)) {
            for (int chunk = 1; chunk <= 5; chunk++) {
                out.write(("chunk " + chunk + "\n").getBytes());
                out.flush();
                Thread.sleep(300);
            }
        }

        assertThat(arrives("etc/app/slow.conf", "chunk 1\nchunk 2\nchunk 3\nchunk 4\nchunk 5\n")).isTrue();
        assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.exists(log))).isTrue();
        assertThat(Files.readAllLines(log)).as("the hook saw the file once, whole").containsExactly("5");
    }

    /**
     * A rotation script that writes the key a while after the cert: the entry's own settle window
     * keeps them in one batch, every time (the 20 ms default covers a few milliseconds; a wide
     * window here keeps the test independent of the machine's load).
     */
    @Test
    void run_certAndKeyRotatedApartWithinTheEntrysWindow_alwaysLandTogether() throws Exception {
        Path log = tmp.resolve("pairs.log");
        cluster = new Cluster(tmp).sync("  - path: /etc/tls\n    settle: 400ms\n    on-change: 'echo \"$(cat "
                + "etc/tls/site.crt) $(cat etc/tls/site.key)\" >> " + log + "'").embedded("n2").start();
        Files.createDirectories(cluster.root("n1").resolve("etc/app"));
        Path tls = Files.createDirectories(cluster.root("n1").resolve("etc/tls"));
        Files.writeString(tls.resolve("site.crt"), "crt-0");
        Files.writeString(tls.resolve("site.key"), "key-0");
        startRun(List.of());
        assertThat(arrives("etc/tls/site.key", "key-0")).as(run.seen()).isTrue();

        for (int gen = 1; gen <= 6; gen++) {
            Files.writeString(tls.resolve("site.crt"), "crt-" + gen);
            Thread.sleep(30); // the script's pause between the two writes
            Files.writeString(tls.resolve("site.key"), "key-" + gen);
            assertThat(arrives("etc/tls/site.key", "key-" + gen)).isTrue();
        }

        assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.readString(log).contains("crt-6 key-6"))).isTrue();
        for (String pair : Files.readAllLines(log)) {
            String[] p = pair.split(" ");
            assertThat(p[0].substring(4)).as("the hook saw a cert and a key of the same generation: " + pair)
                    .isEqualTo(p[1].substring(4));
        }
    }

    @Test
    void run_inotifyWatchLimitReached_keepsSyncingRaisesOneAlarm() throws Exception {
        assumeTrue(userNamespaces(), "unshare -U (a user namespace of its own, with its own watch limit)");
        cluster = new Cluster(tmp).embedded("n2").start();
        Path app = cluster.root("n1").resolve("etc/app");
        TreeGenerator.generate(app, 11, 360);
        // 12 watches for about 30 directories: the source's own limit, in a user namespace of its own.
        startRun(List.of("unshare", "-U", "-r", "sh", "-c", "echo 12 > /proc/sys/user/max_inotify_watches && exec \"$@\"",
                "sh"));
        assertThat(Await.until(cluster.state("n1"), Duration.ofSeconds(60), () -> cluster.differences("n2").isEmpty()))
                .isTrue();
        assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.readString(cluster.state("n1")
                .resolve("status.json")).contains("fs.inotify.max_user_watches"))).isTrue();

        List<Path> dirs;
        try (var walk = Files.walk(app)) {
            dirs = walk.filter(Files::isDirectory).toList();
        }
        for (Path d : dirs) {
            Files.writeString(d.resolve("edited-while-unwatched.conf"), "x\n");
        }

        assertThat(Await.until(cluster.state("n1"), Duration.ofSeconds(45), () -> cluster.differences("n2").isEmpty()))
                .as("every directory, watched or not, within the rescan bound").isTrue();
        assertThat(run.process().isAlive()).isTrue();
        Processes.Ran status = Processes.run(Processes.launcher("status", "--config", cluster.config("n1").toString()),
                null, MAX);
        assertThat(status.code()).as(status.all()).isEqualTo(2);
        assertThat(status.out()).contains("ALARM inotify watch limit reached").contains("fs.inotify.max_user_watches");
        assertThat(run.seen().split("ALARM inotify watch limit", -1)).as("one alarm: " + run.seen()).hasSize(2);
    }

    private static boolean userNamespaces() throws Exception {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "-r", "sh", "-c",
                    "echo 12 > /proc/sys/user/max_inotify_watches").redirectErrorStream(true).start();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
