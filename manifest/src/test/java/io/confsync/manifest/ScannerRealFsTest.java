package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanner behaviour that needs a real kernel: ctime, FIFOs, nanosecond mtimes. */
class ScannerRealFsTest {

    @TempDir
    Path base;

    private final Clock later = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final PathRules rules = new PathRules(List.of(SyncRoot.of(RelPath.of("etc"))));

    @Test
    void scan_sameSizeSameMtimeRewrite_isNoticedThroughCtime() throws Exception {
        Path f = JimfsTrees.write(base, "etc/f", "aaaa");
        Scanner scanner = new Scanner(new HashCache(), later);
        scanner.scan(base, rules);

        Files.writeString(f, "bbbb");
        Files.setLastModifiedTime(f, Stat.fileTime(1_700_000_000_123_456_789L));
        ScanResult second = scanner.scan(base, rules);

        assertThat(second.manifest().get(RelPath.of("etc/f")).digest()).isEqualTo(Digest.of("bbbb".getBytes()));
        assertThat(second.manifest().get(RelPath.of("etc/f")).mtimeNanos()).isEqualTo(1_700_000_000_123_456_789L);
    }

    @Test
    void scan_fifo_isSkippedWithWarning() throws Exception {
        Files.createDirectories(base.resolve("etc"));
        Process p = new ProcessBuilder("mkfifo", base.resolve("etc/pipe").toString()).start();
        assertThat(p.waitFor()).isZero();

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules);

        assertThat(r.manifest().contains(RelPath.of("etc/pipe"))).isFalse();
        assertThat(r.warnings()).anyMatch(w -> w.contains("etc/pipe") && w.contains("FIFO"));
    }

    @Test
    void scan_specialModeBits_areRead() throws Exception {
        Path d = Files.createDirectories(base.resolve("etc/shared"));
        Files.setAttribute(d, "unix:mode", 02775);

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules);

        assertThat(r.manifest().get(RelPath.of("etc/shared")).mode()).isEqualTo(02775);
    }

    @Test
    void scan_nameNotUtf8_skippedAndReportedByItsBytesRootStillPresent() throws Exception {
        Path etc = Files.createDirectories(base.resolve("etc"));
        Files.writeString(etc.resolve("ok.conf"), "ok");
        Files.writeString(Path.of(new java.net.URI(etc.toUri() + "lat%F5n.conf")), "latin-1");

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules);

        assertThat(r.manifest().entries()).extracting(e -> e.path().value()).containsExactly("etc", "etc/ok.conf");
        assertThat(r.warnings()).containsExactly(etc + "/lat\\xf5n.conf: skipped: its name is not valid UTF-8");
        assertThat(r.roots()).containsEntry(RelPath.of("etc"), RootState.PRESENT);
    }

    @Test
    void scan_symlinkTargetNotUtf8_heldNotListed() throws Exception {
        Path etc = Files.createDirectories(base.resolve("etc"));
        Files.createSymbolicLink(etc.resolve("link"), Path.of(new java.net.URI(etc.toUri() + "lat%F5n"))
                .getFileName());

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules);

        assertThat(r.manifest().contains(RelPath.of("etc/link"))).isFalse();
        assertThat(r.held()).as("held: the node's own copy is not deleted").contains(RelPath.of("etc/link"));
        assertThat(r.warnings()).singleElement().asString().contains("etc/link: skipped: its target is not valid UTF-8");
    }

    @Test
    void scan_mtimeBefore1970_readToTheNanosecond() throws Exception {
        Path f = JimfsTrees.write(base, "etc/old", "x");
        Process touch = new ProcessBuilder("touch", "-d", "@-1.25", f.toString()).start();
        assertThat(touch.waitFor()).isZero();

        ScanResult r = new Scanner(new HashCache(), later).scan(base, rules);

        assertThat(r.manifest().get(RelPath.of("etc/old")).mtimeNanos()).isEqualTo(-1_250_000_000L);
    }

    @Test
    void scan_fileWithAcl_carriesTheAclWithTheKernelsMode() throws Exception {
        Path secret = JimfsTrees.write(base, "etc/secret.key", "k");
        Files.setAttribute(secret, "unix:mode", 0600);
        Process p = new ProcessBuilder("setfacl", "-m", "u:nobody:r", secret.toString()).redirectErrorStream(true)
                .start();
        org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "setfacl (package acl) and ACLs here");

        FileEntry e = new Scanner(new HashCache(), later).scan(base, rules).manifest().get(RelPath.of("etc/secret.key"));

        assertThat(e.mode()).as("the kernel's mode: the mask as group bits").isEqualTo(0640);
        assertThat(e.xattrs().names()).containsExactly(Xattrs.ACL_ACCESS);
        assertThat(Xattrs.show(Xattrs.ACL_ACCESS, e.xattrs().value(Xattrs.ACL_ACCESS)))
                .isEqualTo("user::rw-,user:65534:r--,group::---,mask::r--,other::---");
        assertThat(PosixAcl.groupPermission(e.xattrs().value(Xattrs.ACL_ACCESS))).isZero();
    }
}
