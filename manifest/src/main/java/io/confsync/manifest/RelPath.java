package io.confsync.manifest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated path relative to a node's root: {@code /}-separated, no empty, {@code .} or {@code ..}
 * segment, no leading {@code /}, no NUL or control character, bounded length. The empty path
 * {@link #ROOT} stands for the base directory itself.
 *
 * <p>Ordering is segment by segment, so a directory sorts directly before everything under it.
 *
 * @param value the path text; never null
 */
public record RelPath(String value) implements Comparable<RelPath> {

    /** The longest path accepted, in UTF-8 bytes (Linux PATH_MAX). */
    public static final int MAX_BYTES = 4096;
    /** The longest segment accepted, in UTF-8 bytes (Linux NAME_MAX). */
    public static final int MAX_SEGMENT_BYTES = 255;
    /** The base directory itself. */
    public static final RelPath ROOT = new RelPath("");

    /**
     * Written out, like {@link #hashCode()}: the generated ones go through method handles that are
     * spun on first use (tens of milliseconds of every one-shot start) and that C1-compiled code
     * calls without inlining, on the key of every set and map of paths.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof RelPath p && value.equals(p.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming what is wrong with the path
     */
    public RelPath {
        if (value == null) {
            throw new IllegalArgumentException("path is null");
        }
        if (!value.isEmpty()) {
            validate(value);
        }
    }

    /**
     * Parses and validates a relative path.
     *
     * @throws IllegalArgumentException if the text is not a valid relative path
     */
    public static RelPath of(String value) {
        return value.isEmpty() ? ROOT : new RelPath(value);
    }

    /**
     * Converts an absolute path ({@code /etc/postfix}) to the path relative to {@code /}.
     *
     * @throws IllegalArgumentException if the text is not absolute or not normalized
     */
    public static RelPath ofAbsolute(String absolute) {
        if (!absolute.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + absolute);
        }
        return of(absolute.substring(1).replaceAll("/+$", ""));
    }

    /**
     * One pass over the characters: this runs for every path the planner derives (parents), so
     * it avoids splitting and encoding unless a length is near its limit.
     */
    private static void validate(String value) {
        if (value.length() > MAX_BYTES / 3 && value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("path longer than " + MAX_BYTES + " bytes");
        }
        if (value.charAt(0) == '/') {
            throw new IllegalArgumentException("absolute path not allowed: " + printable(value));
        }
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            char c = i < value.length() ? value.charAt(i) : '/';
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in path: " + printable(value));
            }
            if (c == '/') {
                checkSegment(value, start, i);
                start = i + 1;
            }
        }
    }

    private static void checkSegment(String value, int from, int to) {
        int len = to - from;
        if (len == 0 || len == 1 && value.charAt(from) == '.'
                || len == 2 && value.charAt(from) == '.' && value.charAt(from + 1) == '.') {
            throw new IllegalArgumentException("empty, '.' or '..' segment in path: " + printable(value));
        }
        if (len > MAX_SEGMENT_BYTES / 3
                && value.substring(from, to).getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("path segment longer than " + MAX_SEGMENT_BYTES
                    + " bytes: " + printable(value));
        }
    }

    /** Renders a rejected path with control characters escaped, safe for one log line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** True for {@link #ROOT}. */
    public boolean isRoot() {
        return value.isEmpty();
    }

    /** The parent, or null for a top-level path and for {@link #ROOT}. */
    public RelPath parent() {
        if (isRoot()) {
            return null;
        }
        int slash = value.lastIndexOf('/');
        return slash < 0 ? ROOT : new RelPath(value.substring(0, slash));
    }

    /** The last segment; empty for {@link #ROOT}. */
    public String name() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /**
     * The child with the given name.
     *
     * @throws IllegalArgumentException if the name is not one valid segment
     */
    public RelPath child(String name) {
        if (name.contains("/")) {
            throw new IllegalArgumentException("not a single segment: " + printable(name));
        }
        return of(isRoot() ? name : value + "/" + name);
    }

    /** The segments, none for {@link #ROOT}. */
    public List<String> segments() {
        return isRoot() ? List.of() : List.of(value.split("/"));
    }

    /** Number of segments; 0 for {@link #ROOT}. */
    public int depth() {
        return segments().size();
    }

    /** True if this path equals {@code other} or lies below it. */
    public boolean startsWith(RelPath other) {
        return other.isRoot() || value.equals(other.value) || value.startsWith(other.value + "/");
    }

    /** This path relative to {@code ancestor}, which it must start with. */
    public RelPath relativeTo(RelPath ancestor) {
        if (!startsWith(ancestor)) {
            throw new IllegalArgumentException(value + " is not under " + ancestor.value);
        }
        if (ancestor.isRoot()) {
            return this;
        }
        return value.length() == ancestor.value.length() ? ROOT
                : of(value.substring(ancestor.value.length() + 1));
    }

    /** Resolves this path against a base directory of any file system. */
    public Path resolveIn(Path base) {
        Path p = base;
        for (String s : segments()) {
            p = p.resolve(s);
        }
        return p;
    }

    /** Every ancestor from the top-level segment down to the parent; empty for depth 0 or 1. */
    public List<RelPath> ancestors() {
        List<RelPath> out = new ArrayList<>();
        for (RelPath p = parent(); p != null && !p.isRoot(); p = p.parent()) {
            out.add(0, p);
        }
        return out;
    }

    @Override
    public int compareTo(RelPath o) {
        // Segment-wise order without splitting: '/' ranks below every character a segment may hold.
        String a = value;
        String b = o.value;
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Character.compare(x == '/' ? 0 : x, y == '/' ? 0 : y);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    @Override
    public String toString() {
        return isRoot() ? "." : value;
    }
}
