package io.confsync.conf;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed access to one YAML mapping of the configuration, with errors that carry the file, the
 * position, the key and a hint. Unknown keys are reported with the closest known one.
 */
final class Fields {

    private final String file;
    private final String where;
    private final YamlNode.Mapping map;

    private Fields(String file, String where, YamlNode.Mapping map) {
        this.file = file;
        this.where = where;
        this.map = map;
    }

    /** Wraps a node that must be a mapping with only the given keys. */
    static Fields of(String file, String where, YamlNode node, Set<String> known) throws ConfigException {
        if (!(node instanceof YamlNode.Mapping m)) {
            throw new ConfigException(file, node.mark(), where + " must be a mapping of keys, not " + node.typeName(),
                    "write 'key: value' lines");
        }
        for (String key : m.entries().keySet()) {
            if (!known.contains(key)) {
                throw new ConfigException(file, m.keys().get(key), "unknown key '" + key + "' in " + where,
                        hint(key, known));
            }
        }
        return new Fields(file, where, m);
    }

    private static String hint(String key, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known.stream().sorted().toList()) {
            // Ties go to the key of the same length: 'nodez' is more likely 'nodes' than 'node'.
            int d = distance(key, k) * 100 + Math.abs(key.length() - k.length());
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return bestDistance < 400 ? "did you mean '" + best + "'?" : "known keys: " + String.join(", ", known.stream().sorted().toList());
    }

    /** Edit distance counting a swap of two neighbours as one edit: typos are often swaps. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    Mark mark() {
        return map.mark();
    }

    boolean has(String key) {
        YamlNode n = map.entries().get(key);
        return n != null && !(n instanceof YamlNode.Scalar s && s.isNull());
    }

    YamlNode node(String key) {
        return map.entries().get(key);
    }

    ConfigException error(String key, String problem, String hint) {
        YamlNode n = map.entries().get(key);
        return new ConfigException(file, n == null ? map.mark() : n.mark(), problem, hint);
    }

    YamlNode.Scalar scalar(String key, String expected) throws ConfigException {
        YamlNode n = map.entries().get(key);
        if (n == null || (n instanceof YamlNode.Scalar s && s.isNull())) {
            throw new ConfigException(file, n == null ? map.mark() : n.mark(),
                    "missing required key '" + key + "' in " + where, "add '" + key + ": " + expected + "'");
        }
        if (!(n instanceof YamlNode.Scalar s)) {
            throw new ConfigException(file, n.mark(), "'" + key + "' must be " + expected + ", not " + n.typeName(),
                    null);
        }
        return s;
    }

    String string(String key, String expected) throws ConfigException {
        return scalar(key, expected).text();
    }

    String string(String key, String expected, String fallback) throws ConfigException {
        return has(key) ? string(key, expected) : fallback;
    }

    <T> T parsed(String key, String expected, T fallback, Function<String, T> parser) throws ConfigException {
        if (!has(key)) {
            return fallback;
        }
        YamlNode.Scalar s = scalar(key, expected);
        try {
            return parser.apply(s.text());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ConfigException(file, s.mark(), "bad value for '" + key + "': " + e.getMessage(),
                    "expected " + expected);
        }
    }

    int integer(String key, int min, int max, int fallback) throws ConfigException {
        int v = parsed(key, "a whole number", fallback, Integer::parseInt);
        if (v < min || v > max) {
            throw error(key, "'" + key + "' must be between " + min + " and " + max + ", not " + v, null);
        }
        return v;
    }

    boolean bool(String key, boolean fallback) throws ConfigException {
        return parsed(key, "true or false", fallback, t -> switch (t) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("'" + t + "' is not true or false");
        });
    }

    List<YamlNode> list(String key, boolean required) throws ConfigException {
        YamlNode n = map.entries().get(key);
        if (n == null || (n instanceof YamlNode.Scalar s && s.isNull())) {
            if (required) {
                throw new ConfigException(file, n == null ? map.mark() : n.mark(),
                        "missing required key '" + key + "' in " + where, "add a '" + key + ":' list");
            }
            return List.of();
        }
        if (!(n instanceof YamlNode.Sequence seq)) {
            throw new ConfigException(file, n.mark(), "'" + key + "' must be a list, not " + n.typeName(),
                    "start each item with '- '");
        }
        return seq.items();
    }

    List<YamlNode.Scalar> scalars(String key) throws ConfigException {
        List<YamlNode.Scalar> out = new ArrayList<>();
        for (YamlNode item : list(key, false)) {
            if (!(item instanceof YamlNode.Scalar s) || s.isNull()) {
                throw new ConfigException(file, item.mark(), "items of '" + key + "' must be plain strings", null);
            }
            out.add(s);
        }
        return out;
    }
}
