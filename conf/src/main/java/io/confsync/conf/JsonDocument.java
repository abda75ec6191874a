package io.confsync.conf;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON convention of every document confsync writes (command output and
 * {@code status.json}): keys in snake_case, {@code "schema"} first, {@code null} for what is absent,
 * indented. Records are written with their components' names in snake_case; maps keep their order.
 * The schemas are in {@code docs/schema/}, one per command; {@link #SCHEMA} changes when a
 * document loses or renames a key.
 */
public final class JsonDocument {

    /** The version of the documents' shape. */
    public static final int SCHEMA = 1;

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonDocument() {
    }

    /** A new document: an ordered map holding {@code "schema"}. */
    public static Map<String, Object> start() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schema", SCHEMA);
        return doc;
    }

    /** The text of a document. */
    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Reads a document written by {@link #write} as maps, lists, strings, numbers and booleans. */
    public static Map<?, ?> read(String text) {
        return MAPPER.readValue(text, Map.class);
    }
}
