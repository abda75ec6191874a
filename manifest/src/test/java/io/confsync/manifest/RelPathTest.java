package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"../x", "/etc/shadow", "a//b", "a/./b", "a/..", "a/", ".", "a\u0000b", "a\nb", "a\u007fb"})
    void of_invalidPath_throws(String bad) {
        assertThatThrownBy(() -> RelPath.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void of_overlongPath_throws() {
        String seg = "x".repeat(200);
        String longPath = String.join("/", Collections.nCopies(25, seg));
        assertThatThrownBy(() -> RelPath.of(longPath)).hasMessageContaining("longer than");
        assertThatThrownBy(() -> RelPath.of("y".repeat(256))).hasMessageContaining("segment longer");
    }

    @Test
    void of_controlCharacter_messageEscapesIt() {
        assertThatThrownBy(() -> RelPath.of("a\u001bb")).hasMessageContaining("\\x1b");
    }

    @Test
    void compareTo_directory_sortsDirectlyBeforeItsContents() {
        List<RelPath> list = new ArrayList<>(List.of(RelPath.of("a-b"), RelPath.of("a/z"), RelPath.of("a"),
                RelPath.of("a.b"), RelPath.of("a/b/c"), RelPath.ROOT));
        Collections.sort(list);
        assertThat(list).extracting(RelPath::value).containsExactly("", "a", "a/b/c", "a/z", "a-b", "a.b");
    }

    @Test
    void parentAndChild_roundTrip() {
        RelPath p = RelPath.of("etc/postfix/main.cf");
        assertThat(p.parent()).isEqualTo(RelPath.of("etc/postfix"));
        assertThat(p.parent().child("main.cf")).isEqualTo(p);
        assertThat(RelPath.of("etc").parent()).isEqualTo(RelPath.ROOT);
        assertThat(RelPath.ROOT.parent()).isNull();
        assertThat(p.ancestors()).extracting(RelPath::value).containsExactly("etc", "etc/postfix");
    }

    @Test
    void startsWith_siblingWithCommonPrefix_isFalse() {
        assertThat(RelPath.of("etc/postfix2").startsWith(RelPath.of("etc/postfix"))).isFalse();
        assertThat(RelPath.of("etc/postfix/a").startsWith(RelPath.of("etc/postfix"))).isTrue();
        assertThat(RelPath.of("etc").startsWith(RelPath.ROOT)).isTrue();
    }

    @Test
    void ofAbsolute_stripsLeadingAndTrailingSlash() {
        assertThat(RelPath.ofAbsolute("/etc/postfix/")).isEqualTo(RelPath.of("etc/postfix"));
        assertThat(RelPath.ofAbsolute("/")).isEqualTo(RelPath.ROOT);
        assertThatThrownBy(() -> RelPath.ofAbsolute("etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
