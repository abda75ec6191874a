package io.confsync.transfer.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.PlanOptions;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApplierTest extends ApplierFixture {

    private static final PathRules RULES = new PathRules(List.of(SyncRoot.of(RelPath.of("etc/postfix")),
            SyncRoot.of(RelPath.of("etc/aliases"))));

    @Override
    PathRules rules() {
        return RULES;
    }

    private TreeMirror.Prepared prepare(boolean force) throws IOException {
        return new TreeMirror(scanner()).prepare(src, dst, RULES, PlanOptions.defaults(), force);
    }

    private ApplyResult mirror(ApplyOptions options) throws IOException {
        TreeMirror.Prepared p = prepare(options.force());
        return new Applier(dst, RULES, backups, options).apply(p.plan(), p.target().manifest(),
                ContentSource.localTree(src));
    }

    @Test
    void apply_newTree_targetEqualsSource() throws Exception {
        JimfsTrees.write(src, "etc/postfix/main.cf", "myhostname = mx1\n");
        JimfsTrees.write(src, "etc/postfix/sasl/passwd", "secret\n");
        JimfsTrees.write(src, "etc/aliases", "root: admin\n");
        Files.createSymbolicLink(src.resolve("etc/postfix/cf"), fs.getPath("main.cf"));
        Files.setAttribute(src.resolve("etc/postfix/sasl/passwd"), "posix:permissions",
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setOwner(src.resolve("etc/postfix/main.cf"),
                fs.getUserPrincipalLookupService().lookupPrincipalByName("postfix"));

        ApplyResult r = mirror(ApplyOptions.defaults());

        assertThat(scan(dst)).isEqualTo(scan(src));
        assertThat(r.created()).isEqualTo(6);
        assertThat(r.backup()).isNull();
        assertThat(temporaries(dst)).isEmpty();
        assertThat(prepare(false).plan().isEmpty()).isTrue();
    }

    @Test
    void apply_overwriteAndDelete_keepsOldVersionsInBackups() throws Exception {
        JimfsTrees.write(src, "etc/postfix/main.cf", "new\n");
        JimfsTrees.write(src, "etc/postfix/a", "a");
        JimfsTrees.write(src, "etc/postfix/b", "b");
        JimfsTrees.write(dst, "etc/postfix/main.cf", "old\n");
        JimfsTrees.write(dst, "etc/postfix/a", "a");
        JimfsTrees.write(dst, "etc/postfix/b", "b");
        JimfsTrees.write(dst, "etc/postfix/obsolete", "gone soon");

        ApplyResult r = mirror(ApplyOptions.defaults());

        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.removed()).isEqualTo(1);
        assertThat(Files.readString(r.backup().resolve("files/etc/postfix/main.cf"))).isEqualTo("old\n");
        assertThat(Files.readString(r.backup().resolve("files/etc/postfix/obsolete"))).isEqualTo("gone soon");
        assertThat(Files.readString(r.backup().resolve("changes.log")))
                .contains("overwritten file 0644").contains("deleted file 0644");
        assertThat(scan(dst)).isEqualTo(scan(src));
    }

    @Test
    void apply_pathOutsideRoots_refusedAndNothingWritten() throws Exception {
        FileEntry shadow = new FileEntry(RelPath.of("etc/shadow"), FileKind.FILE, 4, 0640, "root", "shadow", 0, 42,
                JimfsTrees.OLD_MTIME, Digest.of("evil".getBytes()), null);
        FileEntry fine = new FileEntry(RelPath.of("etc/postfix/ok"), FileKind.FILE, 4, 0644, "root", "root", 0, 0,
                JimfsTrees.OLD_MTIME, Digest.of("fine".getBytes()), null);
        Files.createDirectories(dst.resolve("etc/postfix"));
        Plan hostile = new Plan(List.of(new Action.PutFile(fine, null), new Action.PutFile(shadow, null)));

        assertThatThrownBy(() -> new Applier(dst, RULES, backups, ApplyOptions.defaults())
                .apply(hostile, Manifest.empty(), (e, basis, out) -> out.write(e.path().name().equals("ok")
                        ? "fine".getBytes() : "evil".getBytes())))
                .isInstanceOfSatisfying(ApplyException.class,
                        e -> assertThat(e.code()).isEqualTo(ApplyException.Code.CONFINEMENT))
                .hasMessageContaining("etc/shadow: outside this node's sync roots");
        assertThat(Files.exists(dst.resolve("etc/shadow"))).isFalse();
        assertThat(Files.exists(dst.resolve("etc/postfix/ok"))).isFalse();
    }

    @Test
    void apply_nodeLocalPath_refusedAndTheNodesOwnFileKept() throws Exception {
        PathRules rules = new PathRules(List.of(new SyncRoot(RelPath.of("etc/postfix"), List.of(),
                List.of(io.confsync.manifest.Glob.compileAnchored("mailname")))));
        Path own = JimfsTrees.write(dst, "etc/postfix/mailname", "mx2.example\n");
        FileEntry theirs = new FileEntry(RelPath.of("etc/postfix/mailname"), FileKind.FILE, 4, 0644, "root", "root",
                0, 0, JimfsTrees.OLD_MTIME, Digest.of("mx1\n".getBytes()), null);

        assertThatThrownBy(() -> new Applier(dst, rules, backups, ApplyOptions.defaults())
                .apply(new Plan(List.of(new Action.PutFile(theirs, null))), Manifest.empty(),
                        (e, basis, out) -> out.write("mx1\n".getBytes())))
                .hasMessageContaining("etc/postfix/mailname: node-local on this node; confsync never writes it");
        assertThat(Files.readString(own)).isEqualTo("mx2.example\n");
    }

    @Test
    void apply_symlinkedParent_refusedAndNothingWrittenThroughIt() throws Exception {
        Path elsewhere = Files.createDirectories(fs.getPath("/elsewhere"));
        Files.createDirectories(dst.resolve("etc/postfix"));
        Files.createSymbolicLink(dst.resolve("etc/postfix/sasl"), elsewhere);
        FileEntry e = new FileEntry(RelPath.of("etc/postfix/sasl/passwd"), FileKind.FILE, 1, 0600, "root", "root",
                0, 0, JimfsTrees.OLD_MTIME, Digest.of("x".getBytes()), null);

        assertThatThrownBy(() -> new Applier(dst, RULES, backups, ApplyOptions.defaults())
                .apply(new Plan(List.of(new Action.PutFile(e, null))), Manifest.empty(),
                        (x, basis, out) -> out.write('x')))
                .hasMessageContaining("parent etc/postfix/sasl is a symlink");
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertThat(s).isEmpty();
        }
    }

    @Test
    void apply_contentNotMatchingDigest_abortsWithNothingRenamed() throws Exception {
        JimfsTrees.write(src, "etc/postfix/a", "new a");
        JimfsTrees.write(src, "etc/postfix/b", "new b");
        JimfsTrees.write(dst, "etc/postfix/a", "old a");
        JimfsTrees.write(dst, "etc/postfix/b", "old b");
        TreeMirror.Prepared p = prepare(false);
        ContentSource corruptsB = (e, basis, out) -> out.write(
                (e.path().name().equals("b") ? "bad b" : "new a").getBytes());

        assertThatThrownBy(() -> new Applier(dst, RULES, backups, ApplyOptions.defaults())
                .apply(p.plan(), p.target().manifest(), corruptsB))
                .isInstanceOfSatisfying(ApplyException.class,
                        e -> assertThat(e.code()).isEqualTo(ApplyException.Code.VERIFY));
        assertThat(Files.readString(dst.resolve("etc/postfix/a"))).isEqualTo("old a");
        assertThat(Files.readString(dst.resolve("etc/postfix/b"))).isEqualTo("old b");
        assertThat(temporaries(dst)).isEmpty();
        assertThat(Files.exists(backups.dir()) ? Files.list(backups.dir()).count() : 0).isZero();
    }

    @Test
    void apply_diskFull_leavesTargetIntactAndNoTemporaries() throws Exception {
        try (FileSystem small = JimfsTrees.unix(64 * 1024)) {
            Path target = Files.createDirectories(small.getPath("/dst"));
            JimfsTrees.write(target, "etc/postfix/main.cf", "old main\n");
            JimfsTrees.write(src, "etc/postfix/main.cf", "new main\n");
            JimfsTrees.write(src, "etc/postfix/big", "x".repeat(200_000));
            Manifest before = scanner().scan(target, RULES).manifest();
            TreeMirror.Prepared p = new TreeMirror(scanner()).prepare(src, target, RULES, PlanOptions.defaults(), false);
            BackupStore smallBackups = new BackupStore(small.getPath("/state/backups"), 3, LATER);

            assertThatThrownBy(() -> new Applier(target, RULES, smallBackups, ApplyOptions.defaults())
                    .apply(p.plan(), p.target().manifest(), ContentSource.localTree(src)))
                    .isInstanceOfSatisfying(ApplyException.class,
                            e -> assertThat(e.code()).isEqualTo(ApplyException.Code.IO));
            assertThat(scanner().scan(target, RULES).manifest()).isEqualTo(before);
            assertThat(temporaries(target)).isEmpty();
        }
    }

    @Test
    void apply_massDelete_refusedWithoutForceAndDoneWithIt() throws Exception {
        JimfsTrees.write(src, "etc/postfix/keep", "k");
        for (String n : List.of("keep", "a", "b", "c")) {
            JimfsTrees.write(dst, "etc/postfix/" + n, n.equals("keep") ? "k" : n);
        }

        assertThatThrownBy(() -> mirror(ApplyOptions.defaults()))
                .hasMessageContaining("deletes 3 of 4 files").hasMessageContaining("--force");
        assertThat(Files.exists(dst.resolve("etc/postfix/a"))).isTrue();

        assertThat(mirror(ApplyOptions.defaults().withForce(true)).removed()).isEqualTo(3);
        assertThat(scan(dst)).isEqualTo(scan(src));
    }

    @Test
    void apply_emptiedOrMissingSourceRoot_deletesNothingWithoutForce() throws Exception {
        Files.createDirectories(src.resolve("etc/postfix"));
        JimfsTrees.write(dst, "etc/postfix/main.cf", "keep me");
        JimfsTrees.write(dst, "etc/aliases", "root: me");

        TreeMirror.Prepared p = prepare(false);

        assertThat(p.plan().count(Action.Remove.class)).isZero();
        assertThat(prepare(true).plan().count(Action.Remove.class)).isEqualTo(1);
    }

    @Test
    void apply_typeChanges_endEqual() throws Exception {
        JimfsTrees.write(src, "etc/postfix/x/inner", "x became a directory");
        JimfsTrees.write(src, "etc/postfix/y", "y became a file");
        Files.createSymbolicLink(src.resolve("etc/postfix/z"), fs.getPath("y"));
        JimfsTrees.write(dst, "etc/postfix/x", "x was a file");
        JimfsTrees.write(dst, "etc/postfix/y/inner", "y was a directory");
        JimfsTrees.write(dst, "etc/postfix/z", "z was a file");

        ApplyResult r = mirror(ApplyOptions.defaults());

        assertThat(scan(dst)).isEqualTo(scan(src));
        assertThat(temporaries(dst)).isEmpty();
        assertThat(Files.readString(r.backup().resolve("files/etc/postfix/x"))).isEqualTo("x was a file");
        assertThat(Files.readString(r.backup().resolve("files/etc/postfix/y/inner"))).isEqualTo("y was a directory");
    }

    @Test
    void apply_deletedDirectoryHoldingExcludedFile_keepsDirectory() throws Exception {
        PathRules rules = new PathRules(List.of(new SyncRoot(RelPath.of("etc/postfix"),
                List.of(io.confsync.manifest.Glob.compile("*.swp")))));
        Files.createDirectories(src.resolve("etc/postfix"));
        JimfsTrees.write(src, "etc/postfix/main.cf", "m");
        JimfsTrees.write(dst, "etc/postfix/main.cf", "m");
        JimfsTrees.write(dst, "etc/postfix/old/f", "f");
        JimfsTrees.write(dst, "etc/postfix/old/.f.swp", "editor swap");
        TreeMirror.Prepared p = new TreeMirror(scanner()).prepare(src, dst, rules, PlanOptions.defaults(), false);

        new Applier(dst, rules, backups, ApplyOptions.defaults().withForce(true))
                .apply(p.plan(), p.target().manifest(), ContentSource.localTree(src));

        assertThat(Files.exists(dst.resolve("etc/postfix/old/f"))).isFalse();
        assertThat(Files.exists(dst.resolve("etc/postfix/old/.f.swp"))).isTrue();
    }

    @Test
    void finish_moreBatchesThanKept_prunesOldest() throws Exception {
        for (int i = 0; i < 5; i++) {
            JimfsTrees.write(src, "etc/postfix/f", "version " + i);
            JimfsTrees.write(dst, "etc/postfix/f", "old " + i);
            mirror(ApplyOptions.defaults());
        }
        try (Stream<Path> s = Files.list(backups.dir())) {
            assertThat(s.map(p -> p.getFileName().toString()).sorted())
                    .hasSize(3).first().asString().startsWith("000003-");
        }
    }

    @Test
    void sweepTemporaryFiles_staleTemporaries_areRemoved() throws Exception {
        JimfsTrees.write(dst, "etc/postfix/" + PathRules.TEMP_PREFIX + "dead-main.cf", "half");
        JimfsTrees.write(dst, "etc/" + PathRules.TEMP_PREFIX + "dead-aliases", "half");
        JimfsTrees.write(dst, "etc/postfix/main.cf", "keep");

        int n = new Applier(dst, RULES, backups, ApplyOptions.defaults()).sweepTemporaryFiles();

        assertThat(n).isEqualTo(2);
        assertThat(temporaries(dst)).isEmpty();
        assertThat(Files.exists(dst.resolve("etc/postfix/main.cf"))).isTrue();
    }

    /**
     * A commit that fails halfway (a file appears, after staging, in a directory the plan deletes):
     * the steps already done are taken back, and the tree is what it was.
     */
    @Test
    void apply_commitFailsHalfway_earlierStepsTakenBackTreeAsBefore() throws Exception {
        JimfsTrees.write(dst, "etc/postfix/a.conf", "old a\n");
        JimfsTrees.write(dst, "etc/postfix/old/x.conf", "x\n");
        JimfsTrees.write(src, "etc/postfix/a.conf", "new a\n");
        JimfsTrees.write(src, "etc/postfix/b.conf", "new b\n");
        Manifest before = scan(dst);
        TreeMirror.Prepared p = prepare(true);

        assertThatThrownBy(() -> new Applier(dst, RULES, backups, ApplyOptions.defaults().withForce(true))
                .apply(p.plan(), p.target().manifest(), ContentSource.localTree(src),
                        () -> Files.writeString(dst.resolve("etc/postfix/old/arrived.conf"), "late\n")))
                .isInstanceOf(ApplyException.class).hasMessageContaining("nothing changed")
                .hasMessageContaining("taken back");

        Files.delete(dst.resolve("etc/postfix/old/arrived.conf"));
        // Content, kinds, modes as before (the test itself touched old/'s mtime).
        assertThat(io.confsync.manifest.plan.Drift.between(before, scan(dst), true)).isEmpty();
        assertThat(Files.readString(dst.resolve("etc/postfix/a.conf"))).isEqualTo("old a\n");
        assertThat(temporaries(dst)).isEmpty();
    }

    @Test
    void apply_planWritingUnderASymlinkItCreates_refusedAndNothingCreatedAnywhere() throws Exception {
        Path outside = Files.createDirectories(fs.getPath("/outside"));
        FileEntry link = new FileEntry(RelPath.of("etc/postfix/d"), FileKind.SYMLINK, 8, 0777, "root", "root", 0, 0,
                JimfsTrees.OLD_MTIME, null, "/outside");
        FileEntry dir = new FileEntry(RelPath.of("etc/postfix/d/sub"), FileKind.DIRECTORY, 0, 0755, "root", "root", 0, 0,
                JimfsTrees.OLD_MTIME, null, null);
        Files.createDirectories(dst.resolve("etc/postfix"));
        Manifest before = scan(dst);
        Plan hostile = new Plan(List.of(new Action.MakeSymlink(link, null), new Action.MakeDirectory(dir)));

        assertThatThrownBy(() -> new Applier(dst, RULES, backups, ApplyOptions.defaults()).apply(hostile,
                Manifest.empty(), ContentSource.localTree(src))).isInstanceOfSatisfying(ApplyException.class,
                        e -> assertThat(e.code()).isEqualTo(ApplyException.Code.CONFINEMENT))
                .hasMessageContaining("which the same plan makes a symlink");

        assertThat(scan(dst)).isEqualTo(before);
        try (Stream<Path> s = Files.list(outside)) {
            assertThat(s).isEmpty();
        }
    }
}
