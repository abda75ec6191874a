package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void matches_namePattern_matchesAtAnyDepth() {
        Glob g = Glob.compile("*.swp");
        assertThat(g.matches(RelPath.of(".main.cf.swp"))).isTrue();
        assertThat(g.matches(RelPath.of("sub/dir/x.swp"))).isTrue();
        assertThat(g.matches(RelPath.of("x.swpx"))).isFalse();
    }

    @Test
    void matches_doubleStar_crossesSegments() {
        Glob g = Glob.compile("**/cache/**");
        assertThat(g.matches(RelPath.of("a/b/cache/x"))).isTrue();
        assertThat(g.matches(RelPath.of("cache/x"))).isTrue();
        assertThat(g.matches(RelPath.of("a/cachex/y"))).isFalse();
    }

    @Test
    void matches_anchoredPattern_excludesSubtree() {
        Glob g = Glob.compile("private/*");
        assertThat(g.matches(RelPath.of("private/key.pem"))).isTrue();
        assertThat(g.matches(RelPath.of("private/dir/deeper"))).isTrue();
        assertThat(g.matches(RelPath.of("public/private/key.pem"))).isFalse();
    }

    @Test
    void includes_tempFile_isAlwaysExcluded() {
        PathRules rules = new PathRules(List.of(SyncRoot.of(RelPath.of("etc/postfix"))));
        assertThat(rules.includes(RelPath.of("etc/postfix/main.cf"))).isTrue();
        assertThat(rules.includes(RelPath.of("etc/postfix/" + PathRules.TEMP_PREFIX + "x"))).isFalse();
        assertThat(rules.includes(RelPath.of("etc/postfix2/main.cf"))).isFalse();
    }

    @Test
    void compileAnchored_bareName_matchesAtTheRootOnly() {
        Glob g = Glob.compileAnchored("hostname");
        assertThat(g.matches(RelPath.of("hostname"))).isTrue();
        assertThat(g.matches(RelPath.of("app/hostname"))).isFalse();
    }

    @Test
    void isNodeLocal_entryAndTopLevelPatterns_neitherIncludedNorEverTheRootItself() {
        PathRules rules = new PathRules(List.of(new SyncRoot(RelPath.of("etc"), List.of(Glob.compile("*.swp")),
                List.of(Glob.compileAnchored("hostname"))), SyncRoot.of(RelPath.of("srv/ca.pem"))),
                List.of(Glob.compileAnchored("etc/app/id"), Glob.compileAnchored("srv/*")));
        assertThat(rules.isNodeLocal(RelPath.of("etc/hostname"))).isTrue();
        assertThat(rules.includes(RelPath.of("etc/hostname"))).isFalse();
        assertThat(rules.isNodeLocal(RelPath.of("etc/app/id"))).isTrue();
        assertThat(rules.includes(RelPath.of("etc/app/id"))).isFalse();
        assertThat(rules.isNodeLocal(RelPath.of("etc/app/hostname"))).isFalse();
        assertThat(rules.includes(RelPath.of("etc/app/hostname"))).isTrue();
        assertThat(rules.isNodeLocal(RelPath.of("etc/x.swp"))).as("excluded is not node-local").isFalse();
        assertThat(rules.isNodeLocal(RelPath.of("etc/hostnames/x"))).isFalse();
        // A top-level pattern never takes a sync root itself away.
        assertThat(rules.includes(RelPath.of("srv/ca.pem"))).isTrue();
        assertThat(rules.isNodeLocal(RelPath.of("srv/ca.pem"))).isFalse();
    }
}
