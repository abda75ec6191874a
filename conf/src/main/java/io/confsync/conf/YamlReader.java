package io.confsync.conf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads YAML text into {@link YamlNode}s that keep their line and column. Duplicate keys and
 * multi-document files are errors.
 */
public final class YamlReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final int MAX_DEPTH = 32;

    private final String file;

    /** @param file the name used in error messages */
    public YamlReader(String file) {
        this.file = file;
    }

    /**
     * Parses one document.
     *
     * @throws ConfigException on a syntax error, a duplicate key or an empty document
     */
    public YamlNode read(String text) throws ConfigException {
        try (JsonParser p = FACTORY.createParser(tools.jackson.core.ObjectReadContext.empty(), text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new ConfigException(file, Mark.START, "the file is empty", "see README.md for an example");
            }
            YamlNode root = node(p, t, 0);
            if (p.nextToken() != null) {
                throw new ConfigException(file, mark(p), "more than one YAML document", "keep one document per file");
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation loc = e.getLocation();
            Mark m = loc == null ? Mark.START : new Mark(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
            throw new ConfigException(file, m, "YAML syntax error: " + e.getOriginalMessage().lines().findFirst()
                    .orElse("unreadable"), "check indentation and quoting");
        }
    }

    private YamlNode node(JsonParser p, JsonToken t, int depth) throws ConfigException {
        Mark at = mark(p);
        if (depth > MAX_DEPTH) {
            throw new ConfigException(file, at, "nesting deeper than " + MAX_DEPTH, null);
        }
        return switch (t) {
            case START_OBJECT -> mapping(p, at, depth);
            case START_ARRAY -> sequence(p, at, depth);
            case VALUE_NULL -> new YamlNode.Scalar("", false, true, at);
            case VALUE_STRING -> new YamlNode.Scalar(p.getString(), true, false, at);
            default -> new YamlNode.Scalar(p.getString(), false, false, at);
        };
    }

    private YamlNode mapping(JsonParser p, Mark at, int depth) throws ConfigException {
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        Map<String, Mark> keys = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            Mark keyMark = mark(p);
            if (keys.containsKey(key)) {
                Mark first = keys.get(key);
                throw new ConfigException(file, keyMark, "duplicate key '" + key + "'",
                        "first given on line " + first.line());
            }
            keys.put(key, keyMark);
            entries.put(key, node(p, p.nextToken(), depth + 1));
        }
        return new YamlNode.Mapping(entries, keys, at);
    }

    private YamlNode sequence(JsonParser p, Mark at, int depth) throws ConfigException {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            items.add(node(p, t, depth + 1));
        }
        return new YamlNode.Sequence(items, at);
    }

    private static Mark mark(JsonParser p) {
        TokenStreamLocation loc = p.currentTokenLocation();
        return new Mark(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }
}
