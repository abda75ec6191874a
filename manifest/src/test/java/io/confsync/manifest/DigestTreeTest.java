package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Hierarchical digests over fixtures: what they cover, and where a difference shows. */
class DigestTreeTest {

    private static final long T0 = 1_700_000_000_000_000_000L;

    private static FileEntry dir(String path) {
        return new FileEntry(RelPath.of(path), FileKind.DIRECTORY, 0, 0755, "root", "root", 0, 0, T0, null, null);
    }

    private static FileEntry file(String path, String content) {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        return new FileEntry(RelPath.of(path), FileKind.FILE, b.length, 0644, "root", "root", 0, 0, T0,
                Digest.of(b), null);
    }

    private static Manifest tree() {
        return Manifest.of(List.of(dir("etc/app"), file("etc/app/a.conf", "a"), dir("etc/app/d"),
                file("etc/app/d/b.conf", "b"), file("etc/app/d/c.conf", "c"),
                new FileEntry(RelPath.of("etc/app/l"), FileKind.SYMLINK, 6, 0777, "root", "root", 0, 0, T0, null,
                        "a.conf"),
                file("etc/aliases", "postmaster: root")));
    }

    private static Manifest with(Manifest m, String path, UnaryOperator<FileEntry> change) {
        List<FileEntry> out = new ArrayList<>();
        m.forEach(e -> out.add(e.path().value().equals(path) ? change.apply(e) : e));
        return Manifest.of(out);
    }

    @Test
    void digest_equalManifestsBuiltApart_equal() {
        assertThat(DigestTree.digest(tree(), RelPath.ROOT)).isEqualTo(DigestTree.digest(tree(), RelPath.ROOT));
        assertThat(DigestTree.digest(Manifest.empty(), RelPath.ROOT))
                .isNotEqualTo(DigestTree.digest(tree(), RelPath.ROOT));
    }

    @Test
    void digest_anyFieldOfOneEntry_changesItAndItsAncestorsOnly() {
        List<UnaryOperator<FileEntry>> changes = List.of(
                e -> new FileEntry(e.path(), e.kind(), e.size(), 0600, e.owner(), e.group(), e.uid(), e.gid(),
                        e.mtimeNanos(), e.digest(), e.linkTarget()),
                e -> new FileEntry(e.path(), e.kind(), e.size(), e.mode(), "mail", e.group(), e.uid(), e.gid(),
                        e.mtimeNanos(), e.digest(), e.linkTarget()),
                e -> new FileEntry(e.path(), e.kind(), e.size(), e.mode(), e.owner(), e.group(), 8, e.gid(),
                        e.mtimeNanos(), e.digest(), e.linkTarget()),
                e -> new FileEntry(e.path(), e.kind(), e.size(), e.mode(), e.owner(), e.group(), e.uid(), e.gid(),
                        e.mtimeNanos() + 1, e.digest(), e.linkTarget()),
                e -> new FileEntry(e.path(), e.kind(), e.size(), e.mode(), e.owner(), e.group(), e.uid(), e.gid(),
                        e.mtimeNanos(), Digest.of(new byte[] {'x'}), e.linkTarget()),
                e -> e.withXattrs(Xattrs.of(Map.of("user.note", new byte[] {1}))),
                e -> new FileEntry(e.path(), e.kind(), e.size(), e.mode(), e.owner(), e.group(), e.uid(), e.gid(),
                        e.mtimeNanos(), e.digest(), e.linkTarget(), e.xattrs(), RelPath.of("etc/app/a.conf"),
                        e.holes()));
        Manifest before = tree();
        DigestTree.Listing root = DigestTree.list(before, RelPath.ROOT);
        DigestTree.Listing d = DigestTree.list(before, RelPath.of("etc/app/d"));
        for (UnaryOperator<FileEntry> change : changes) {
            Manifest after = with(before, "etc/app/d/b.conf", change);

            assertThat(DigestTree.digest(after, RelPath.ROOT)).isNotEqualTo(root.digest());
            DigestTree.Listing d2 = DigestTree.list(after, RelPath.of("etc/app/d"));
            assertThat(d2.digest()).isNotEqualTo(d.digest());
            assertThat(d2.byName().get("b.conf").digest()).isNotEqualTo(d.byName().get("b.conf").digest());
            assertThat(d2.byName().get("c.conf")).isEqualTo(d.byName().get("c.conf"));
            assertThat(DigestTree.list(after, RelPath.of("etc/app")).byName().get("a.conf"))
                    .isEqualTo(DigestTree.list(before, RelPath.of("etc/app")).byName().get("a.conf"));
        }
    }

    @Test
    void digest_sameEntryUnderAnotherName_differs() {
        Manifest a = Manifest.of(List.of(file("etc/x", "same")));
        Manifest b = Manifest.of(List.of(file("etc/y", "same")));

        assertThat(DigestTree.digest(a, RelPath.ROOT)).isNotEqualTo(DigestTree.digest(b, RelPath.ROOT));
    }

    @Test
    void digest_directoryMovedIntoAnother_differsThoughEveryEntryIsKept() {
        Manifest flat = Manifest.of(List.of(dir("etc/a"), dir("etc/b"), file("etc/b/f", "f")));
        Manifest nested = Manifest.of(List.of(dir("etc/a"), dir("etc/a/b"), file("etc/a/b/f", "f")));

        assertThat(DigestTree.digest(flat, RelPath.ROOT)).isNotEqualTo(DigestTree.digest(nested, RelPath.ROOT));
    }

    @Test
    void list_directoriesThatAreNoEntries_areBranchesWithoutSelf() {
        DigestTree.Listing root = DigestTree.list(tree(), RelPath.ROOT);
        DigestTree.Listing etc = DigestTree.list(tree(), RelPath.of("etc"));

        assertThat(root.self()).isNull();
        assertThat(root.children()).extracting(DigestTree.Child::name).containsExactly("etc");
        assertThat(root.children().get(0).branch()).isTrue();
        assertThat(etc.self()).isNull();
        assertThat(etc.children()).extracting(DigestTree.Child::name).containsExactly("aliases", "app");
        assertThat(etc.byName().get("aliases").branch()).isFalse();
        assertThat(etc.byName().get("app").branch()).isTrue();
        assertThat(root.children().get(0).digest()).isEqualTo(etc.digest());
    }

    @Test
    void list_aNodeTheManifestLacks_isEmptyAndDiffersFromAnyEntry() {
        DigestTree.Listing none = DigestTree.list(tree(), RelPath.of("var/lib"));

        assertThat(none.self()).isNull();
        assertThat(none.children()).isEmpty();
        assertThat(none.digest()).isNotEqualTo(DigestTree.digest(tree(), RelPath.of("etc/app/a.conf")));
    }

    @Test
    void list_emptyDirectory_isABranchToItsParent() {
        Manifest m = Manifest.of(List.of(dir("etc/app"), dir("etc/app/empty"), file("etc/app/f", "")));

        Map<String, DigestTree.Child> app = DigestTree.list(m, RelPath.of("etc/app")).byName();

        assertThat(app.get("empty").branch()).isTrue();
        assertThat(app.get("f").branch()).isFalse();
        assertThat(app.keySet()).containsExactly("empty", "f");
    }
}
