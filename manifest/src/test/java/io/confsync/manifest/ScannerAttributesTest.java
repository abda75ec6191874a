package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the scanner reads beyond the JDK's attributes, on the real file system: xattrs, hard links, holes. */
class ScannerAttributesTest {

    @TempDir
    Path base;

    private final Clock later = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final PathRules rules = new PathRules(List.of(SyncRoot.of(RelPath.of("etc"))));

    private ScanResult scan() throws Exception {
        return new Scanner(new HashCache(), later).scan(base, rules);
    }

    private static void userXattr(Path p, String name, String value) throws Exception {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        v.write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void scan_userTrustedAndSecurityXattrs_carriedInNameOrder() throws Exception {
        Path f = JimfsTrees.write(base, "etc/f", "x");
        userXattr(f, "origin", "mx1");
        AttrTools.setfattr(f, "trusted.md5", "0xc0ffee");
        AttrTools.setfattr(f, "security.selinux", "system_u:object_r:etc_t:s0");

        FileEntry e = scan().manifest().get(RelPath.of("etc/f"));

        assertThat(e.xattrs().names()).containsExactly("security.selinux", "trusted.md5", "user.origin");
        assertThat(e.xattrs().value("user.origin")).isEqualTo("mx1".getBytes(StandardCharsets.UTF_8));
        assertThat(e.xattrs().value("trusted.md5")).containsExactly(0xc0, 0xff, 0xee);
        assertThat(Xattrs.show("user.origin", e.xattrs().value("user.origin"))).isEqualTo("\"mx1\"");
    }

    @Test
    void scan_directoryDefaultAcl_carried() throws Exception {
        Path d = Files.createDirectories(base.resolve("etc/shared"));
        AttrTools.setfacl(d, "-d", "-m", "g:nogroup:rx");

        FileEntry e = scan().manifest().get(RelPath.of("etc/shared"));

        assertThat(e.xattrs().names()).contains(Xattrs.ACL_DEFAULT);
        assertThat(PosixAcl.describe(e.xattrs().value(Xattrs.ACL_DEFAULT))).contains("group:65534:r-x");
    }

    @Test
    void scan_hardLinks_laterNamesLinkedToTheFirstInPathOrder() throws Exception {
        Path c = JimfsTrees.write(base, "etc/c", "same inode");
        Files.createDirectories(base.resolve("etc/sub"));
        Files.createLink(base.resolve("etc/a"), c);
        Files.createLink(base.resolve("etc/sub/b"), c);
        JimfsTrees.write(base, "etc/alone", "other");

        Manifest m = scan().manifest();

        assertThat(m.get(RelPath.of("etc/a")).linkedTo()).isNull();
        assertThat(m.get(RelPath.of("etc/c")).linkedTo()).isEqualTo(RelPath.of("etc/a"));
        assertThat(m.get(RelPath.of("etc/sub/b")).linkedTo()).isEqualTo(RelPath.of("etc/a"));
        assertThat(m.get(RelPath.of("etc/alone")).linkedTo()).isNull();
    }

    @Test
    void scan_hardLinkLeavingTheSyncSet_warnedOnceAndNotLinked() throws Exception {
        Path f = JimfsTrees.write(base, "etc/aliases", "root: ops\n");
        Files.createLink(base.resolve("aliases.bak"), f);
        Scanner scanner = new Scanner(new HashCache(), later);

        ScanResult r = scanner.scan(base, rules);

        assertThat(r.manifest().get(RelPath.of("etc/aliases")).linkedTo()).isNull();
        assertThat(r.warnings()).containsExactly(
                "etc/aliases: has 2 hard links, 1 of them inside sync root /etc: only those are linked on the standbys");
    }

    @Test
    void rescan_newHardLinkToAFileNotVisited_linksIt() throws Exception {
        Path a = JimfsTrees.write(base, "etc/a", "x");
        Files.createDirectories(base.resolve("etc/d"));
        Scanner scanner = new Scanner(new HashCache(), later);
        ScanResult first = scanner.scan(base, rules);

        Files.createLink(base.resolve("etc/d/b"), a);
        ScanResult r = scanner.rescan(base, rules, first, List.of(RelPath.of("etc/d/b")));

        assertThat(r.manifest().get(RelPath.of("etc/d/b")).linkedTo()).isEqualTo(RelPath.of("etc/a"));
    }

    @Test
    void rescan_writeThroughOneName_readsTheOtherNamesToo() throws Exception {
        Path a = JimfsTrees.write(base, "etc/a", "old");
        Files.createLink(base.resolve("etc/b"), a);
        Scanner scanner = new Scanner(new HashCache(), later);
        ScanResult first = scanner.scan(base, rules);

        Files.writeString(base.resolve("etc/b"), "new content");
        ScanResult r = scanner.rescan(base, rules, first, List.of(RelPath.of("etc/b")));

        assertThat(r.manifest().get(RelPath.of("etc/a")).digest()).isEqualTo(Digest.of("new content".getBytes()));
        assertThat(r.manifest().get(RelPath.of("etc/b")).linkedTo()).isEqualTo(RelPath.of("etc/a"));
    }

    @Test
    void scan_sparseFile_holesListedDenseFileNone() throws Exception {
        Path sparse = Files.createDirectories(base.resolve("etc")).resolve("aliases.db");
        try (FileChannel ch = FileChannel.open(sparse, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            ch.write(ByteBuffer.wrap("tail".getBytes()), 1 << 20);
        }
        Files.write(base.resolve("etc/zeros"), new byte[1 << 16]);

        Manifest m = scan().manifest();

        Holes h = m.get(RelPath.of("etc/aliases.db")).holes();
        Assumptions.assumeTrue(h.count() > 0, "the file system here keeps holes");
        assertThat(h.offset(0)).isZero();
        assertThat(h.length(0)).isGreaterThanOrEqualTo(1 << 19).isLessThanOrEqualTo(1 << 20);
        assertThat(m.get(RelPath.of("etc/zeros")).holes()).as("written zeros are stored").isEqualTo(Holes.NONE);
    }
}
