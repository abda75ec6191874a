package io.confsync.cli.print;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of two texts, with three lines of context. Lines common to both ends are trimmed
 * first; the rest is an LCS over lines, bounded in size (config files are small; beyond the bound
 * the middle is shown as replaced whole). Pure.
 */
public final class TextDiff {

    static final int CONTEXT = 3;
    /** Most cells of the LCS table (lines of a times lines of b) after trimming. */
    static final long MAX_CELLS = 4_000_000;

    private record Line(char op, String text, int a, int b) {
    }

    private TextDiff() {
    }

    /** The diff, or an empty string if the texts are equal. */
    public static String unified(String a, String b, String labelA, String labelB) {
        List<Line> script = script(split(a), split(b));
        if (script.stream().allMatch(l -> l.op() == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- " + labelA + "\n+++ " + labelB + "\n");
        int i = 0;
        while (i < script.size()) {
            if (script.get(i).op() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            // Extend while the next change is within 2 * CONTEXT unchanged lines.
            int lastChange = i;
            for (int j = i; j < script.size() && j - lastChange <= 2 * CONTEXT; j++) {
                if (script.get(j).op() != ' ') {
                    lastChange = j;
                }
            }
            int end = Math.min(script.size(), lastChange + CONTEXT + 1);
            hunk(out, script.subList(start, end));
            i = end;
        }
        return out.toString();
    }

    private static void hunk(StringBuilder out, List<Line> lines) {
        int aStart = lines.get(0).a();
        int bStart = lines.get(0).b();
        int aLen = (int) lines.stream().filter(l -> l.op() != '+').count();
        int bLen = (int) lines.stream().filter(l -> l.op() != '-').count();
        out.append("@@ -").append(range(aStart, aLen)).append(" +").append(range(bStart, bLen)).append(" @@\n");
        for (Line l : lines) {
            out.append(l.op()).append(l.text()).append('\n');
        }
    }

    private static String range(int start, int len) {
        return len == 1 ? String.valueOf(start) : (len == 0 ? start - 1 : start) + "," + len;
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>(s.lines().toList());
        if (!s.isEmpty() && !s.endsWith("\n")) {
            out.set(out.size() - 1, out.get(out.size() - 1) + "\n\\ No newline at end of file");
        }
        return out;
    }

    /** The edit script, every line with its 1-based line numbers in a and b. */
    private static List<Line> script(List<String> a, List<String> b) {
        int pre = 0;
        while (pre < a.size() && pre < b.size() && a.get(pre).equals(b.get(pre))) {
            pre++;
        }
        int suf = 0;
        while (suf < a.size() - pre && suf < b.size() - pre
                && a.get(a.size() - 1 - suf).equals(b.get(b.size() - 1 - suf))) {
            suf++;
        }
        List<Line> out = new ArrayList<>();
        for (int k = 0; k < pre; k++) {
            out.add(new Line(' ', a.get(k), k + 1, k + 1));
        }
        middle(a.subList(pre, a.size() - suf), b.subList(pre, b.size() - suf), pre, out);
        for (int k = suf; k > 0; k--) {
            out.add(new Line(' ', a.get(a.size() - k), a.size() - k + 1, b.size() - k + 1));
        }
        return out;
    }

    private static void middle(List<String> a, List<String> b, int offset, List<Line> out) {
        int n = a.size();
        int m = b.size();
        if ((long) n * m > MAX_CELLS) {
            for (int i = 0; i < n; i++) {
                out.add(new Line('-', a.get(i), offset + i + 1, offset + 1));
            }
            for (int j = 0; j < m; j++) {
                out.add(new Line('+', b.get(j), offset + n + 1, offset + j + 1));
            }
            return;
        }
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                out.add(new Line(' ', a.get(i), offset + i + 1, offset + j + 1));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add(new Line('-', a.get(i), offset + i + 1, offset + j + 1));
                i++;
            } else {
                out.add(new Line('+', b.get(j), offset + i + 1, offset + j + 1));
                j++;
            }
        }
    }
}
