package io.confsync.cli.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextDiffTest {

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    @Test
    void unified_equalTexts_empty() {
        assertThat(TextDiff.unified("a\nb\n", "a\nb\n", "x", "y")).isEmpty();
    }

    @Test
    void unified_oneChangedLine_hunkWithThreeLinesOfContext() {
        String a = lines(1, 10);
        String b = a.replace("line 5\n", "line five\n");

        assertThat(TextDiff.unified(a, b, "n1:/etc/x", "n2:/etc/x")).isEqualTo("""
                --- n1:/etc/x
                +++ n2:/etc/x
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8
                """);
    }

    @Test
    void unified_farApartChanges_twoHunks_nearChanges_oneHunk() {
        String a = lines(1, 30);
        String far = a.replace("line 2\n", "two\n").replace("line 25\n", "");
        String near = a.replace("line 10\n", "ten\n").replace("line 14\n", "fourteen\n");

        assertThat(TextDiff.unified(a, far, "a", "b")).contains("@@ -1,5 +1,5 @@").contains("@@ -22,7 +22,6 @@")
                .contains("-line 25\n");
        assertThat(TextDiff.unified(a, near, "a", "b").split("@@ ").length).isEqualTo(2);
    }

    @Test
    void unified_insertAtEndAndMissingNewline_marked() {
        assertThat(TextDiff.unified("a\n", "a\nb", "x", "y")).isEqualTo("""
                --- x
                +++ y
                @@ -1 +1,2 @@
                 a
                +b
                \\ No newline at end of file
                """);
        assertThat(TextDiff.unified("", "new\n", "x", "y")).contains("@@ -0,0 +1 @@\n+new\n");
    }
}
