package io.confsync.manifest;

import java.util.regex.Pattern;

/**
 * An exclude or node-local pattern. {@code *} matches within one segment, {@code ?} one character, {@code **}
 * any number of whole segments. A pattern without {@code /} matches a name at any depth (like
 * {@code *.swp}); a pattern with {@code /} matches the path relative to its sync root (like
 * {@code cache/**} or {@code **}{@code /tmp}).
 *
 * @param pattern the text as written
 * @param regex   the compiled form
 * @param anchored true if the pattern contains {@code /}
 */
public record Glob(String pattern, Pattern regex, boolean anchored) {

    /**
     * Compiles a pattern.
     *
     * @throws IllegalArgumentException for an empty pattern or one with a leading {@code /}
     */
    public static Glob compile(String pattern) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        if (pattern.startsWith("/")) {
            throw new IllegalArgumentException("a pattern here is relative to its sync path: " + pattern);
        }
        String p = pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern;
        return new Glob(pattern, Pattern.compile(toRegex(p)), p.contains("/"));
    }

    /**
     * Compiles a pattern that matches from its sync root down only, with or without {@code /}:
     * {@code hostname} matches the root's {@code hostname}, not {@code a/hostname}.
     *
     * @throws IllegalArgumentException as {@link #compile}
     */
    public static Glob compileAnchored(String pattern) {
        Glob g = compile(pattern);
        return new Glob(g.pattern, g.regex, true);
    }

    private static String toRegex(String p) {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '*' && i + 1 < p.length() && p.charAt(i + 1) == '*') {
                boolean slashAfter = i + 2 < p.length() && p.charAt(i + 2) == '/';
                r.append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            } else if (c == '*') {
                r.append("[^/]*");
            } else if (c == '?') {
                r.append("[^/]");
            } else {
                r.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return r.toString();
    }

    /**
     * True if the path, given relative to its sync root, or one of its ancestors matches.
     */
    public boolean matches(RelPath relative) {
        if (!anchored) {
            for (String segment : relative.segments()) {
                if (regex.matcher(segment).matches()) {
                    return true;
                }
            }
            return false;
        }
        for (RelPath p = relative; p != null && !p.isRoot(); p = p.parent()) {
            if (regex.matcher(p.value()).matches()) {
                return true;
            }
        }
        return false;
    }
}
