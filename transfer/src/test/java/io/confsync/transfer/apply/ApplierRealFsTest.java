package io.confsync.transfer.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.Stat;
import io.confsync.manifest.plan.PlanOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata that only a real kernel and file system can prove: special bits, ownership, ns mtimes. */
class ApplierRealFsTest {

    private static final Clock LATER = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    @Test
    void apply_realTree_copiesSpecialBitsOwnershipNanosecondMtimesAndSymlinks() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Path shared = Files.createDirectories(src.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 02775);
        Path secret = Files.writeString(src.resolve("shared/secret.key"), "-----BEGIN PRIVATE KEY-----\n");
        Files.setAttribute(secret, "unix:mode", 0600);
        Path tool = Files.writeString(src.resolve("tool"), "#!/bin/sh\n");
        Files.setAttribute(tool, "unix:mode", 04755);
        Files.createSymbolicLink(src.resolve("shared/current"), src.getFileSystem().getPath("secret.key"));
        Files.createSymbolicLink(src.resolve("dangling"), src.getFileSystem().getPath("/nonexistent/target"));
        // An owner and group other than our own prove chown by name; without root, our own must do.
        String owner = root() ? "nobody" : System.getProperty("user.name");
        String group = root() ? "nogroup" : Files.readAttributes(src, java.nio.file.attribute.PosixFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).group().getName();
        UserPrincipalLookupService users = src.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(secret, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName(owner));
        view.setGroup(users.lookupPrincipalByGroupName(group));
        Files.setLastModifiedTime(secret, Stat.fileTime(1_600_000_000_987_654_321L));

        Scanner scanner = new Scanner(new HashCache(), LATER);
        TreeMirror.Prepared p = new TreeMirror(scanner).prepare(src, dst, PathRules.everything(),
                PlanOptions.defaults(), false);
        new Applier(dst, PathRules.everything(), new BackupStore(tmp.resolve("state/backups"), 5, LATER),
                ApplyOptions.defaults()).apply(p.plan(), p.target().manifest(), ContentSource.localTree(src));

        Manifest a = scanner.scan(src, PathRules.everything()).manifest();
        Manifest b = scanner.scan(dst, PathRules.everything()).manifest();
        assertThat(b.entries()).containsExactlyElementsOf(a.entries());
        FileEntry key = b.get(RelPath.of("shared/secret.key"));
        assertThat(key.mode()).isEqualTo(0600);
        assertThat(key.owner()).isEqualTo(owner);
        assertThat(key.group()).isEqualTo(group);
        assertThat(key.mtimeNanos()).isEqualTo(1_600_000_000_987_654_321L);
        assertThat(b.get(RelPath.of("shared")).mode()).isEqualTo(02775);
        assertThat(b.get(RelPath.of("tool")).mode()).isEqualTo(04755);
        assertThat(b.get(RelPath.of("dangling")).linkTarget()).isEqualTo("/nonexistent/target");
        assertThat(Files.readSymbolicLink(dst.resolve("shared/current")).toString()).isEqualTo("secret.key");
    }

    @Test
    void apply_replacedAndDeletedFiles_keepTheOldVersionsInBackupsByHardLink() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Files.writeString(src.resolve("main.cf"), "new\n");
        Path old = Files.writeString(dst.resolve("main.cf"), "old\n");
        Files.setAttribute(old, "unix:mode", 0640);
        Path gone = Files.writeString(dst.resolve("gone.cf"), "deleted\n");
        Object oldInode = Files.readAttributes(old, "unix:ino").get("ino");
        Object goneInode = Files.readAttributes(gone, "unix:ino").get("ino");

        Scanner scanner = new Scanner(new HashCache(), LATER);
        TreeMirror.Prepared p = new TreeMirror(scanner).prepare(src, dst, PathRules.everything(),
                PlanOptions.defaults(), false);
        new Applier(dst, PathRules.everything(), new BackupStore(tmp.resolve("state/backups"), 5, LATER),
                ApplyOptions.defaults().withForce(true)).apply(p.plan(), p.target().manifest(),
                ContentSource.localTree(src));

        assertThat(Files.readString(dst.resolve("main.cf"))).isEqualTo("new\n");
        assertThat(dst.resolve("gone.cf")).doesNotExist();
        Path files;
        try (var batches = Files.list(tmp.resolve("state/backups"))) {
            files = batches.findFirst().orElseThrow().resolve("files");
        }
        assertThat(Files.readString(files.resolve("main.cf"))).isEqualTo("old\n");
        assertThat(Files.readAttributes(files.resolve("main.cf"), "unix:ino").get("ino")).isEqualTo(oldInode);
        assertThat(Files.getAttribute(files.resolve("main.cf"), "unix:mode")).isEqualTo(0100640);
        assertThat(Files.readString(files.resolve("gone.cf"))).isEqualTo("deleted\n");
        assertThat(Files.readAttributes(files.resolve("gone.cf"), "unix:ino").get("ino")).isEqualTo(goneInode);
    }

    @Test
    void apply_mtimesBefore1970_roundTripToTheNanosecondAndConverge() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Path old = Files.writeString(src.resolve("old.conf"), "1969\n");
        Path dir = Files.createDirectories(src.resolve("olddir"));
        for (Path p : new Path[] {old, dir}) {
            Process touch = new ProcessBuilder("touch", "-d", "@-14182940.123456789", p.toString()).start();
            assertThat(touch.waitFor()).isZero();
        }
        long wanted = Stat.nanos(Files.getLastModifiedTime(old));
        assertThat(wanted).isNegative().isNotEqualTo(Math.floorDiv(wanted, 1_000_000_000L) * 1_000_000_000L);

        Scanner scanner = new Scanner(new HashCache(), LATER);
        TreeMirror mirror = new TreeMirror(scanner);
        TreeMirror.Prepared p = mirror.prepare(src, dst, PathRules.everything(), PlanOptions.defaults(), false);
        new Applier(dst, PathRules.everything(), new BackupStore(tmp.resolve("state/backups"), 5, LATER),
                ApplyOptions.defaults()).apply(p.plan(), p.target().manifest(), ContentSource.localTree(src));

        assertThat(Stat.nanos(Files.getLastModifiedTime(dst.resolve("old.conf")))).isEqualTo(wanted);
        assertThat(Stat.nanos(Files.getLastModifiedTime(dst.resolve("olddir")))).isEqualTo(wanted);
        assertThat(mirror.prepare(src, dst, PathRules.everything(), PlanOptions.defaults(), false).plan().isEmpty())
                .as("nothing planned again").isTrue();
    }

    /**
     * A local process swaps a directory of the root for a symlink to a directory outside it while
     * the batch is staged (the commit gate is that moment): nothing outside is changed or deleted.
     */
    @Test
    void apply_directorySwappedForASymlinkBeforeCommit_nothingOutsideTheRootChanges() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src/conf.d"));
        Path dst = Files.createDirectories(tmp.resolve("dst/conf.d"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        // A metadata change and a delete: what the commit does by name, with nothing to rename first.
        Files.writeString(src.resolve("a.conf"), "same a\n");
        Files.setAttribute(src.resolve("a.conf"), "unix:mode", 0600);
        Files.writeString(dst.resolve("a.conf"), "same a\n");
        Files.setAttribute(dst.resolve("a.conf"), "unix:mode", 0644);
        Files.setLastModifiedTime(dst.resolve("a.conf"), Files.getLastModifiedTime(src.resolve("a.conf")));
        Files.writeString(dst.resolve("b.conf"), "old b\n");
        for (String n : new String[] {"a.conf", "b.conf"}) {
            Files.writeString(outside.resolve(n), "outside " + n + "\n");
            Files.setAttribute(outside.resolve(n), "unix:mode", 0644);
        }
        Scanner scanner = new Scanner(new HashCache(), LATER);
        Manifest before = scanner.scan(outside, PathRules.everything()).manifest();
        Path dstBase = tmp.resolve("dst");
        TreeMirror.Prepared p = new TreeMirror(scanner).prepare(tmp.resolve("src"), dstBase, PathRules.everything(),
                PlanOptions.defaults(), false);
        Applier applier = new Applier(dstBase, PathRules.everything(), new BackupStore(tmp.resolve("state/backups"), 5,
                LATER), ApplyOptions.defaults().withForce(true));

        try {
            applier.apply(p.plan(), p.target().manifest(), ContentSource.localTree(tmp.resolve("src")), () -> {
                Files.move(dstBase.resolve("conf.d"), dstBase.resolve("conf.d.moved"));
                Files.createSymbolicLink(dstBase.resolve("conf.d"), outside);
            });
        } catch (ApplyException e) {
            // failing inside the root is allowed; acting outside it is not
        }

        assertThat(scanner.scan(outside, PathRules.everything()).manifest()).isEqualTo(before);
        assertThat(Files.readString(outside.resolve("a.conf"))).isEqualTo("outside a.conf\n");
        assertThat(outside.resolve("b.conf")).exists();
        try (var s = Files.list(outside)) {
            assertThat(s.map(x -> x.getFileName().toString())).containsExactlyInAnyOrder("a.conf", "b.conf");
        }
    }

    @Test
    void apply_commitFailsHalfwayOnTheRealFileSystem_treeAsBefore() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = Files.createDirectories(tmp.resolve("dst"));
        Files.writeString(src.resolve("a.conf"), "new a\n");
        Files.writeString(src.resolve("b.conf"), "new b\n");
        Files.writeString(dst.resolve("a.conf"), "old a\n");
        Files.createDirectories(dst.resolve("old"));
        Files.writeString(dst.resolve("old/x.conf"), "x\n");
        Scanner scanner = new Scanner(new HashCache(), LATER);
        Manifest before = scanner.scan(dst, PathRules.everything()).manifest();
        TreeMirror.Prepared p = new TreeMirror(scanner).prepare(src, dst, PathRules.everything(),
                PlanOptions.defaults(), true);

        try {
            new Applier(dst, PathRules.everything(), new BackupStore(tmp.resolve("state/backups"), 5, LATER),
                    ApplyOptions.defaults().withForce(true)).apply(p.plan(), p.target().manifest(),
                    ContentSource.localTree(src), () -> Files.writeString(dst.resolve("old/arrived.conf"), "late\n"));
            org.junit.jupiter.api.Assertions.fail("the commit should have failed at old/");
        } catch (ApplyException e) {
            assertThat(e.getMessage()).contains("nothing changed").contains("taken back");
        }

        Files.delete(dst.resolve("old/arrived.conf"));
        assertThat(io.confsync.manifest.plan.Drift.between(before, scanner.scan(dst, PathRules.everything()).manifest(),
                true)).isEmpty();
        assertThat(Files.readString(dst.resolve("a.conf"))).isEqualTo("old a\n");
        assertThat(dst.resolve("b.conf")).doesNotExist();
    }
}
