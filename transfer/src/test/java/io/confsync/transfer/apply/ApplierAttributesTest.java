package io.confsync.transfer.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.AttrTools;
import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.Holes;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.Xattrs;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Drift;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.PlanOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code rsync -aHAXS} keeps, kept by the applier on the real file system: extended attributes
 * of every namespace, access and default ACLs, hard links, holes, mtimes before 1970; and what a
 * file system that cannot keep them gets instead.
 */
class ApplierAttributesTest {

    private static final Clock LATER = Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private ApplyResult mirror(Path src, Path dst) throws Exception {
        TreeMirror.Prepared p = new TreeMirror(new Scanner(new HashCache(), LATER)).prepare(src, dst,
                PathRules.everything(), PlanOptions.defaults(), false);
        return new Applier(dst, PathRules.everything(), new BackupStore(tmp.resolve("state/backups"), 5, LATER),
                ApplyOptions.defaults()).apply(p.plan(), p.target().manifest(), ContentSource.localTree(src));
    }

    private static Manifest scan(Path base) throws Exception {
        return new Scanner(new HashCache(), LATER).scan(base, PathRules.everything()).manifest();
    }

    private static Object inode(Path p) throws Exception {
        return Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** A tree that holds every kind of attribute a real /etc has. */
    private static void everyAttribute(Path src) throws Exception {
        Files.createDirectories(src.resolve("shared"));
        Path conf = Files.writeString(src.resolve("main.cf"), "myhostname = mx1\n");
        AttrTools.setfattr(conf, "user.origin", "mx1");
        AttrTools.setfattr(conf, "trusted.note", "0x00ff");
        AttrTools.setfattr(conf, "security.selinux", "system_u:object_r:postfix_etc_t:s0");
        Path secret = Files.writeString(src.resolve("shared/secret.key"), "-----BEGIN PRIVATE KEY-----\n");
        Files.setAttribute(secret, "unix:mode", 0600);
        AttrTools.setfacl(secret, "-m", "u:nobody:r");
        AttrTools.setfacl(src.resolve("shared"), "-d", "-m", "g:nogroup:rx");
        Path aliases = Files.writeString(src.resolve("aliases"), "root: ops\n");
        Files.createLink(src.resolve("aliases.hard"), aliases);
        Files.createLink(src.resolve("shared/aliases"), aliases);
        try (FileChannel ch = FileChannel.open(src.resolve("aliases.db"), Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))) {
            ch.write(ByteBuffer.wrap("hash".getBytes(StandardCharsets.UTF_8)), 4096);
            ch.write(ByteBuffer.wrap("tail".getBytes(StandardCharsets.UTF_8)), 3 << 20);
        }
        Path old = Files.writeString(src.resolve("epoch"), "old\n");
        // Not Files.setLastModifiedTime: the JDK sets a time before 1970 as the epoch itself.
        assertThat(new ProcessBuilder("touch", "-d", "@-86400.123456789", old.toString()).start().waitFor()).isZero();
    }

    @Test
    void apply_everyAttributeOfARealEtc_targetStrictlyEqual() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = tmp.resolve("dst");
        everyAttribute(src);

        ApplyResult r = mirror(src, dst);

        Manifest source = scan(src);
        Manifest target = scan(dst);
        assertThat(source.get(RelPath.of("aliases.db")).holes().count()).as("the source is sparse").isPositive();
        assertThat(Drift.between(source, target, true)).isEmpty();
        assertThat(target.entries()).as("content, metadata, xattrs, ACLs, links, holes")
                .containsExactlyElementsOf(source.entries());
        assertThat(inode(dst.resolve("aliases.hard"))).isEqualTo(inode(dst.resolve("aliases")))
                .isEqualTo(inode(dst.resolve("shared/aliases")));
        assertThat(inode(dst.resolve("aliases"))).isNotEqualTo(inode(src.resolve("aliases")));
        assertThat(Files.getAttribute(dst.resolve("aliases"), "unix:nlink")).isEqualTo(3);
        assertThat(target.get(RelPath.of("aliases.db")).holes()).isEqualTo(source.get(RelPath.of("aliases.db")).holes());
        assertThat(target.get(RelPath.of("epoch")).mtimeNanos()).isEqualTo(-86_400_123_456_789L);
        assertThat(target.get(RelPath.of("shared/secret.key")).mode()).isEqualTo(0640);
        assertThat(r.bytesWritten()).as("one copy of the linked content").isEqualTo(scan(src).entries().stream()
                .filter(e -> e.kind() == FileKind.FILE && e.linkedTo() == null).mapToLong(FileEntry::size).sum());
        assertThat(r.notices()).isEmpty();
    }

    @Test
    void apply_firstNameRewrittenOnTheSource_otherNamesFollowOnTheTarget() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = tmp.resolve("dst");
        Path a = Files.writeString(src.resolve("a"), "v1\n");
        Files.createLink(src.resolve("b"), a);
        mirror(src, dst);

        Files.writeString(src.resolve("b"), "v2, written through the other name\n");
        mirror(src, dst);

        assertThat(Files.readString(dst.resolve("a"))).isEqualTo("v2, written through the other name\n");
        assertThat(inode(dst.resolve("a"))).isEqualTo(inode(dst.resolve("b")));
        assertThat(Drift.between(scan(src), scan(dst), true)).isEmpty();
    }

    @Test
    void apply_attributesRemovedOnTheSource_removedOnTheTarget() throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Path dst = tmp.resolve("dst");
        Path f = Files.writeString(src.resolve("f"), "x");
        AttrTools.setfattr(f, "user.a", "1");
        AttrTools.setfacl(f, "-m", "u:nobody:r");
        mirror(src, dst);

        AttrTools.setfacl(f, "-b");
        new ProcessBuilder("setfattr", "-x", "user.a", f.toString()).start().waitFor();
        ApplyResult r = mirror(src, dst);

        assertThat(r.metadata()).isEqualTo(1);
        assertThat(scan(dst).get(RelPath.of("f")).xattrs()).isEqualTo(Xattrs.NONE);
    }

    @Test
    void apply_fileSystemWithoutAclsOrXattrs_noticedOnceGroupBitsFromTheAcl() throws Exception {
        // Jimfs without the user view keeps no extended attributes at all.
        try (FileSystem fs = JimfsTrees.unix()) {
            Path dst = Files.createDirectories(fs.getPath("/dst"));
            byte[] acl = aclUserNobodyRead();
            List<Action> actions = new java.util.ArrayList<>();
            for (String name : List.of("a.key", "b.key")) {
                byte[] body = ("secret " + name).getBytes(StandardCharsets.UTF_8);
                actions.add(new Action.PutFile(new FileEntry(RelPath.of(name), FileKind.FILE, body.length, 0640,
                        "root", "root", 0, 0, 0, Digest.of(body), null, Xattrs.of(Map.of(Xattrs.ACL_ACCESS, acl,
                        "user.k", "v".getBytes())), null, Holes.NONE), null));
            }
            ContentSource content = (e, basis, out) -> out.write(("secret " + e.path().name())
                    .getBytes(StandardCharsets.UTF_8));

            ApplyResult r = new Applier(dst, PathRules.everything(), new BackupStore(fs.getPath("/state"), 3, LATER),
                    ApplyOptions.defaults()).apply(new Plan(actions, List.of()), Manifest.empty(), content);

            assertThat(r.notices()).hasSize(2).anyMatch(n -> n.startsWith("ACL system.posix_acl_access not kept on"))
                    .anyMatch(n -> n.startsWith("extended attribute user.* not kept on"));
            assertThat((Integer) Files.getAttribute(dst.resolve("a.key"), "unix:mode") & 0777)
                    .as("the ACL's group entry (---), not its mask (r--)").isEqualTo(0600);
        }
    }

    /** user::rw-, user:65534:r--, group::---, mask::r--, other::--- as Linux stores it. */
    private static byte[] aclUserNobodyRead() {
        ByteBuffer b = ByteBuffer.allocate(4 + 5 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(2);
        int[][] entries = {{0x01, 6, -1}, {0x02, 4, 65534}, {0x04, 0, -1}, {0x10, 4, -1}, {0x20, 0, -1}};
        for (int[] e : entries) {
            b.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
        }
        return b.array();
    }
}
