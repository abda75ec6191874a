package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code confsync audit} and {@code status --live} against real standbys, and proof they change nothing. */
class AuditTest {

    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    @TempDir
    Path tmp;
    Cluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").embedded("n3").start();
        Path app = Files.createDirectories(cluster.root("n1").resolve("etc/app/conf.d"));
        for (String f : List.of("missing", "content", "mode", "owner", "type")) {
            Files.writeString(app.resolve(f + ".conf"), f + " = 1\n");
        }
        Files.writeString(app.resolve("main.conf"), "line 1\nline 2\nlisten = 0.0.0.0\nline 4\n");
        Path key = Files.writeString(app.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
        Files.setAttribute(key, "unix:mode", 0600);
        Files.createSymbolicLink(app.resolve("current"), Path.of("conf.d"));
        Files.writeString(cluster.root("n1").resolve("etc/aliases"), "root: ops\n");
        CliRun sync = cluster.source("sync");
        assertThat(sync.code()).as(sync.out() + sync.err()).isZero();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    /** Every kind of drift on n2; n3 stays in sync. */
    private void drift() throws IOException {
        Path app = cluster.root("n2").resolve("etc/app/conf.d");
        Files.delete(app.resolve("missing.conf"));
        Files.writeString(app.resolve("extra.conf"), "extra\n");
        Files.writeString(app.resolve("content.conf"), "content = 2\n");
        Files.setAttribute(app.resolve("mode.conf"), "unix:mode", 0666);
        Files.delete(app.resolve("type.conf"));
        Files.createDirectory(app.resolve("type.conf"));
        Files.delete(app.resolve("current"));
        Files.createSymbolicLink(app.resolve("current"), Path.of("elsewhere"));
        Files.writeString(app.resolve("main.conf"), "line 1\nline 2\nlisten = 127.0.0.1\nline 4\n");
        Files.writeString(app.resolve("server.key"), "-----BEGIN PRIVATE KEY-----\nBBBB\n");
        if (ROOT) {
            var users = app.getFileSystem().getUserPrincipalLookupService();
            Files.getFileAttributeView(app.resolve("owner.conf"), PosixFileAttributeView.class)
                    .setOwner(users.lookupPrincipalByName("nobody"));
        }
    }

    /** Everything observable on every node: each file's content and metadata, and the state files. */
    private Map<String, String> everything() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String node : List.of("n1", "n2", "n3")) {
            out.put(node + " manifest", cluster.manifest(node).toString());
            for (Path dir : List.of(cluster.root(node), cluster.state(node))) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.toList()) {
                        out.put(p.toString(), Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,size",
                                java.nio.file.LinkOption.NOFOLLOW_LINKS).toString()
                                + (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                                ? Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1) : ""));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void audit_inSync_exitZero() {
        CliRun r = cluster.source("audit");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("n2 +in sync").containsPattern("n3 +in sync")
                .contains("2 nodes audited: 2 in sync, 0 drifted");
        CliRun nagios = cluster.source("audit", "--nagios");
        assertThat(nagios.code()).isZero();
        assertThat(nagios.out()).startsWith("CONFSYNC OK - 2 nodes in sync with n1 | ");
    }

    @Test
    void audit_everyKindOfDrift_reportedWithExitOneAndDocumentedJson() throws Exception {
        drift();

        CliRun table = cluster.source("audit");
        assertThat(table.code()).as(table.out() + table.err()).isEqualTo(1);
        assertThat(table.out()).containsPattern("n2 +DRIFT").containsPattern("n3 +in sync")
                .containsPattern("n2 +missing +/etc/app/conf.d/missing.conf")
                .containsPattern("n2 +extra +/etc/app/conf.d/extra.conf")
                .containsPattern("n2 +content +/etc/app/conf.d/content.conf")
                .containsPattern("n2 +mode +/etc/app/conf.d/mode.conf")
                .containsPattern("n2 +type +/etc/app/conf.d/type.conf")
                .containsPattern("n2 +symlink +/etc/app/conf.d/current");

        CliRun json = cluster.source("audit", "--json");
        assertThat(json.code()).isEqualTo(1);
        JsonSchemas.assertValid("audit", json.out());
        Map<?, ?> doc = JsonMapper.builder().build().readValue(json.out(), Map.class);
        assertThat(doc.get("schema")).isEqualTo(1);
        assertThat(doc.get("status")).isEqualTo("drift");
        assertThat(doc.get("source")).isEqualTo("n1");
        Map<?, ?> n2 = (Map<?, ?>) ((List<?>) doc.get("nodes")).get(0);
        assertThat(n2.get("node")).isEqualTo("n2");
        assertThat(n2.get("in_sync")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) n2.get("counts");
        assertThat(counts).containsEntry("missing", 1).containsEntry("extra", 1)
                .containsEntry("type", 1).containsEntry("content", 3).containsEntry("mode", 1)
                .containsEntry("symlink", 1).containsEntry("owner", ROOT ? 1 : 0);
        Map<?, ?> first = (Map<?, ?>) ((List<?>) n2.get("differences")).get(0);
        assertThat(first.keySet().stream().map(String::valueOf).toList())
                .containsExactly("path", "kinds", "source", "node");

        CliRun nagios = cluster.source("audit", "--nagios");
        assertThat(nagios.code()).isEqualTo(1);
        assertThat(nagios.out()).startsWith("CONFSYNC WARNING - n2 ").contains("drifted_nodes=1");
        assertThat(cluster.source("audit", "--node", "n3").code()).isZero();
    }

    @Test
    void audit_diff_showsTextAndHidesSecretsUnlessAsked() throws Exception {
        drift();

        CliRun diff = cluster.source("audit", "--node", "n2", "--diff", "/etc/app/conf.d/main.conf");
        assertThat(diff.code()).as(diff.out() + diff.err()).isEqualTo(1);
        assertThat(diff.out()).contains("--- n1:/etc/app/conf.d/main.conf").contains("+++ n2:/etc/app/conf.d/main.conf")
                .contains("-listen = 0.0.0.0\n+listen = 127.0.0.1\n");

        CliRun hidden = cluster.source("audit", "--node", "n2", "--diff", "/etc/app/conf.d/server.key");
        assertThat(hidden.out()).contains("not shown").contains("--show-secrets").doesNotContain("AAAA");
        CliRun shown = cluster.source("audit", "--node", "n2", "--diff", "/etc/app/conf.d/server.key",
                "--show-secrets");
        assertThat(shown.out()).contains("-AAAA").contains("+BBBB");

        CliRun outside = cluster.source("audit", "--diff", "/etc/passwd");
        assertThat(outside.code()).isEqualTo(64);
        assertThat(outside.err()).contains("not in the sync set");
    }

    @Test
    void audit_andLiveStatus_changeNothingOnAnyNode() throws Exception {
        drift();
        cluster.startServer("n1");
        Map<String, String> before = everything();

        cluster.source("audit");
        cluster.source("audit", "--json");
        cluster.source("audit", "--diff", "/etc/app/conf.d/main.conf");
        cluster.as("n2", "audit", "--nagios");
        cluster.as("n3", "status", "--live");

        Map<String, String> after = everything();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        assertThat(after.entrySet().stream().filter(e -> !e.getValue().equals(before.get(e.getKey())))
                .map(e -> e.getKey() + " was " + before.get(e.getKey()) + ", now " + e.getValue())).isEmpty();
    }

    @Test
    void audit_nodeDown_exitTwoAndCritical() {
        cluster.stopServer("n3");

        CliRun r = cluster.source("audit");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).containsPattern("n3 +UNREACHABLE");
        CliRun nagios = cluster.source("audit", "--nagios");
        assertThat(nagios.code()).isEqualTo(2);
        assertThat(nagios.out()).startsWith("CONFSYNC CRITICAL - n3 unreachable");
    }

    @Test
    void statusLive_reportsEpochSeqVersionDriftAndVerdict() throws Exception {
        CliRun good = cluster.source("status", "--live");
        assertThat(good.code()).as(good.out() + good.err()).isZero();
        assertThat(good.out()).containsPattern("n1 +source +yes +1 +1 +v5 +0")
                .containsPattern("n2 +standby +yes +1 +1 +v5 +0").contains("GOOD");

        drift();
        cluster.stopServer("n3");
        CliRun bad = cluster.source("status", "--live");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.out()).containsPattern("n3 +standby +NO").contains("BAD")
                .contains("n2 has " + (ROOT ? 9 : 8) + " paths of drift").contains("n3 unreachable");
    }
}
