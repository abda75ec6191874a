package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import io.confsync.manifest.AttrTools;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code rsync -aHAXS} keeps, kept by {@code confsync sync} over SSH to real standbys and
 * checked there with the attr and acl tools and stat(1): extended attributes of every namespace
 * (an SELinux label where the kernel lets root set one), access and default ACLs, hard links, a
 * sparse file's holes, an mtime before 1970; and {@code audit} naming each difference.
 */
class AttributesEndToEndTest {

    @TempDir
    Path tmp;
    Cluster cluster;

    @BeforeEach
    void setUp() throws Exception {
        cluster = new Cluster(tmp).embedded("n2").start();
    }

    @AfterEach
    void tearDown() {
        cluster.close();
    }

    private Processes.Ran launch(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(cluster.dir.resolve("config/n1.yaml").toString());
        return Processes.run(Processes.launcher(all.toArray(String[]::new)), null, Duration.ofSeconds(120));
    }

    /** The output of a command, which must succeed. */
    private static String output(String... cmd) throws Exception {
        Processes.Ran r = Processes.run(List.of(cmd), null, Duration.ofSeconds(30));
        assertThat(r.code()).as(r.all()).isZero();
        return r.out();
    }

    /** What the tools say about a node's tree, with the node's root cut from every line. */
    private String facts(String node) throws Exception {
        Path app = cluster.root(node).resolve("etc/app");
        String root = cluster.root(node).toString();
        List<String> files = new ArrayList<>();
        try (var walk = Files.walk(app)) {
            walk.sorted().forEach(p -> files.add(p.toString()));
        }
        List<String> stat = new ArrayList<>(List.of("stat", "-c", "%n %s %b %a %U:%G %h %Y"));
        stat.addAll(files);
        List<String> getfattr = new ArrayList<>(List.of("getfattr", "-h", "-d", "-m", "-", "--absolute-names"));
        getfattr.addAll(files);
        List<String> getfacl = new ArrayList<>(List.of("getfacl", "-p", "-P"));
        getfacl.addAll(files);
        return (output(stat.toArray(String[]::new)) + output(getfattr.toArray(String[]::new))
                + output(getfacl.toArray(String[]::new)) + links(app)).replace(root, "ROOT");
    }

    /** Which names share an inode, as sets of relative paths. */
    private static String links(Path app) throws Exception {
        java.util.Map<Object, Set<String>> byInode = new java.util.TreeMap<>();
        try (var walk = Files.walk(app)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                byInode.computeIfAbsent(Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS).toString(),
                        k -> new TreeSet<>()).add(app.relativize(p).toString());
            }
        }
        return new TreeSet<>(byInode.values().stream().filter(s -> s.size() > 1).map(Set::toString).toList()) + "\n";
    }

    private void everyAttribute() throws Exception {
        Path app = Files.createDirectories(cluster.root("n1").resolve("etc/app"));
        Files.createDirectories(app.resolve("ssl"));
        Path conf = Files.writeString(app.resolve("main.cf"), "myhostname = mx1\n");
        AttrTools.setfattr(conf, "user.checksum", "sha256:abc");
        AttrTools.setfattr(conf, "trusted.origin", "0x0102ff");
        AttrTools.setfattr(conf, "security.selinux", "system_u:object_r:postfix_etc_t:s0");
        Path key = Files.writeString(app.resolve("ssl/mail.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
        Files.setAttribute(key, "unix:mode", 0600);
        AttrTools.setfacl(key, "-m", "u:nobody:r");
        AttrTools.setfacl(app.resolve("ssl"), "-d", "-m", "g:nogroup:rx");
        Path aliases = Files.writeString(app.resolve("aliases"), "root: ops\n");
        Files.createLink(app.resolve("aliases.orig"), aliases);
        Files.createLink(app.resolve("ssl/aliases"), aliases);
        try (FileChannel ch = FileChannel.open(app.resolve("aliases.db"), Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))) {
            ch.write(ByteBuffer.wrap("header".getBytes(StandardCharsets.UTF_8)), 0);
            ch.write(ByteBuffer.wrap("page".getBytes(StandardCharsets.UTF_8)), 2 << 20);
        }
        Path old = Files.writeString(app.resolve("legacy.conf"), "# from before 1970\n");
        output("touch", "-h", "-d", "@-31536000.5", old.toString());
        Files.setAttribute(app, "unix:mode", 02750);
    }

    @Test
    void sync_everyAttributeOfARealEtc_standbyStrictlyEqualAuditNamesEachKindOfDriftAndSyncPutsItBack()
            throws Exception {
        everyAttribute();

        Processes.Ran sync = launch("sync");

        assertThat(sync.code()).as(sync.all()).isZero();
        assertThat(sync.out()).doesNotContain("NOT KEPT");
        assertThat(facts("n2")).isEqualTo(facts("n1"));
        assertThat(facts("n2")).contains("[aliases, aliases.orig, ssl/aliases]", "security.selinux=",
                "user:nobody:r--", "default:group:nogroup:r-x");
        String sparse = output("stat", "-c", "%b", cluster.root("n2").resolve("etc/app/aliases.db").toString());
        assertThat(Long.parseLong(sparse.trim()) * 512).as("allocated, not 2 MiB").isLessThan(1 << 20);
        // The launcher's output is proven by the runs around these; in this JVM they cost no start-up.
        CliRun clean = cluster.source("audit");
        assertThat(clean.code()).as(clean.out() + clean.err()).isZero();
        CliRun again = cluster.source("sync", "--dry-run");
        assertThat(again.out()).as(again.err()).contains("in sync");

        Path app = cluster.root("n2").resolve("etc/app");
        AttrTools.setfattr(app.resolve("main.cf"), "user.checksum", "edited on n2");
        AttrTools.setfacl(app.resolve("ssl/mail.key"), "-b");
        Files.delete(app.resolve("aliases.orig"));
        Files.copy(app.resolve("aliases"), app.resolve("aliases.orig"));
        output("fallocate", "-n", "-l", "3M", app.resolve("aliases.db").toString());

        Processes.Ran audit = launch("audit", "--json");

        assertThat(audit.code()).as(audit.all()).isEqualTo(1);
        JsonSchemas.assertValid("audit", audit.out());
        java.util.Map<String, String> kinds = new java.util.TreeMap<>();
        for (JsonNode d : JsonMapper.builder().build().readTree(audit.out()).get("nodes").get(0).get("differences")) {
            kinds.put(d.get("path").asString(), d.get("kinds").toString());
        }
        assertThat(kinds).containsEntry("/etc/app/main.cf", "[\"xattr\"]")
                .containsEntry("/etc/app/ssl/mail.key", "[\"mode\",\"acl\"]")
                .containsEntry("/etc/app/aliases.orig", "[\"link\"]")
                .containsEntry("/etc/app/aliases.db", "[\"sparse\"]");
        CliRun diff = cluster.source("audit", "--diff", "/etc/app/main.cf");
        assertThat(diff.out()).as(diff.err())
                .contains("user.checksum \"edited on n2\" -> \"sha256:abc\"");

        Processes.Ran repair = launch("sync");

        assertThat(repair.code()).as(repair.all()).isZero();
        assertThat(facts("n2")).isEqualTo(facts("n1"));
        assertThat(cluster.source("audit").code()).isZero();
    }
}
