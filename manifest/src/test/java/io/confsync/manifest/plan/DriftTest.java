package io.confsync.manifest.plan;

import static io.confsync.manifest.plan.Fixtures.dir;
import static io.confsync.manifest.plan.Fixtures.file;
import static io.confsync.manifest.plan.Fixtures.linkedTo;
import static io.confsync.manifest.plan.Fixtures.withHoles;
import static io.confsync.manifest.plan.Fixtures.withXattr;
import static io.confsync.manifest.plan.Fixtures.link;
import static io.confsync.manifest.plan.Fixtures.manifest;
import static io.confsync.manifest.plan.Fixtures.withMode;
import static io.confsync.manifest.plan.Fixtures.withMtime;
import static io.confsync.manifest.plan.Fixtures.withOwner;
import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Manifest;
import io.confsync.manifest.Xattrs;
import io.confsync.manifest.plan.Drift.Kind;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DriftTest {

    private static Map<String, Set<Kind>> kinds(List<Drift> drift) {
        return drift.stream().collect(Collectors.toMap(d -> d.path().value(), Drift::kinds));
    }

    @Test
    void between_everyKind_reportedOncePerPath() {
        Manifest source = manifest(dir("etc"), file("etc/missing", "m"), file("etc/content", "a"),
                file("etc/mode", "x"), file("etc/owner", "o"), link("etc/link", "a"), dir("etc/type"),
                file("etc/both", "1"));
        Manifest node = manifest(dir("etc"), file("etc/extra", "e"), file("etc/content", "b"),
                withMode(file("etc/mode", "x"), 0600), withOwner(file("etc/owner", "o"), "nobody", "nogroup"),
                link("etc/link", "b"), file("etc/type", "now a file"),
                withMode(file("etc/both", "2"), 0600));

        assertThat(kinds(Drift.between(source, node, true))).isEqualTo(Map.of(
                "etc/missing", Set.of(Kind.MISSING), "etc/extra", Set.of(Kind.EXTRA),
                "etc/content", Set.of(Kind.CONTENT), "etc/mode", Set.of(Kind.MODE), "etc/owner", Set.of(Kind.OWNER),
                "etc/link", Set.of(Kind.SYMLINK), "etc/type", Set.of(Kind.TYPE),
                "etc/both", Set.of(Kind.CONTENT, Kind.MODE)));
    }

    @Test
    void between_xattrAclLinkAndHoles_eachItsOwnKind() {
        Manifest source = manifest(dir("etc"), file("etc/a", "same"), withXattr(file("etc/label", "x"),
                "security.selinux", "etc_t"), withXattr(file("etc/acl", "x"), Xattrs.ACL_ACCESS, "acl"),
                linkedTo(file("etc/b", "same"), "etc/a"), withHoles(file("etc/sparse", "\0\0\0\0"), 0, 4));
        Manifest node = manifest(dir("etc"), file("etc/a", "same"), file("etc/label", "x"), file("etc/acl", "x"),
                file("etc/b", "same"), file("etc/sparse", "\0\0\0\0"));

        assertThat(kinds(Drift.between(source, node, true))).isEqualTo(Map.of(
                "etc/label", Set.of(Kind.XATTR), "etc/acl", Set.of(Kind.ACL), "etc/b", Set.of(Kind.LINK),
                "etc/sparse", Set.of(Kind.SPARSE)));
        assertThat(Drift.digest(source, true)).isNotEqualTo(Drift.digest(node, true));
    }

    @Test
    void between_onlyMtimesOrOwnersWithoutOwnerCheck_inSync() {
        Manifest source = manifest(dir("etc"), file("etc/a", "a"));
        Manifest node = manifest(withMtime(dir("etc"), 5), withOwner(withMtime(file("etc/a", "a"), 7), "x", "y"));

        assertThat(Drift.between(source, node, false)).isEmpty();
        assertThat(Drift.between(source, source, true)).isEmpty();
    }

    @Test
    void between_inPathOrder_withBothEntries() {
        List<Drift> d = Drift.between(manifest(file("b", "1"), file("a", "1")), manifest(file("b", "2")), true);
        assertThat(d).extracting(x -> x.path().value()).containsExactly("a", "b");
        assertThat(d.get(0).node()).isNull();
        assertThat(d.get(1).source()).isNotNull();
    }

    @Test
    void between_interleavedPaths_eachMissingAndExtraOnce() {
        Manifest source = manifest(dir("a"), file("a/x", "1"), file("b", "1"), file("d", "1"));
        Manifest node = manifest(dir("a"), file("a-b", "1"), file("a/x", "1"), file("c", "1"), file("d", "1"));

        assertThat(kinds(Drift.between(source, node, true))).isEqualTo(Map.of(
                "b", Set.of(Kind.MISSING), "a-b", Set.of(Kind.EXTRA), "c", Set.of(Kind.EXTRA)));
        assertThat(kinds(Drift.between(Manifest.empty(), node, true))).hasSize(node.size());
        assertThat(kinds(Drift.between(source, Manifest.empty(), true))).hasSize(source.size());
    }

    @Test
    void digest_equalExactlyWhenThereIsNoDrift() {
        Manifest source = manifest(dir("etc"), file("etc/a", "a"), link("etc/l", "a"), file("etc/m", "m"));
        List<Manifest> variants = List.of(source,
                manifest(dir("etc"), file("etc/a", "a"), link("etc/l", "a")),
                manifest(dir("etc"), file("etc/a", "a"), link("etc/l", "a"), file("etc/m", "m"), file("etc/n", "")),
                manifest(dir("etc"), file("etc/a", "b"), link("etc/l", "a"), file("etc/m", "m")),
                manifest(dir("etc"), withMode(file("etc/a", "a"), 0600), link("etc/l", "a"), file("etc/m", "m")),
                manifest(dir("etc"), file("etc/a", "a"), link("etc/l", "b"), file("etc/m", "m")),
                manifest(dir("etc"), file("etc/a", "a"), dir("etc/l"), file("etc/m", "m")),
                manifest(withMtime(dir("etc"), 9), withMtime(file("etc/a", "a"), 9), link("etc/l", "a"),
                        file("etc/m", "m")),
                manifest(dir("etc"), withOwner(file("etc/a", "a"), "x", "y"), link("etc/l", "a"), file("etc/m", "m")));
        for (boolean owners : new boolean[] {false, true}) {
            for (Manifest v : variants) {
                assertThat(Drift.digest(v, owners) == Drift.digest(source, owners))
                        .as(v + " with owners " + owners).isEqualTo(Drift.between(source, v, owners).isEmpty());
            }
        }
    }
}
