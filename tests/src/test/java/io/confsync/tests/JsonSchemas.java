package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Path;
import java.util.List;

/**
 * The documented JSON Schemas of {@code docs/schema/}, by which the tests check what the commands
 * really print. Schemas refer to each other by their {@code $id}, which maps to that folder.
 */
final class JsonSchemas {

    private static final String ID = "https://confsync.io/schema/1/";
    private static final Path DIR = Path.of("..", "docs", "schema").toAbsolutePath().normalize();
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            b -> b.schemas(JsonSchemas::text));

    private JsonSchemas() {
    }

    /** A schema's text by its id, from docs/schema/ (never fetched: the tests reach loopback only). */
    private static String text(String id) {
        if (!id.startsWith(ID)) {
            return null;
        }
        try {
            return java.nio.file.Files.readString(DIR.resolve(id.substring(ID.length())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Asserts that {@code json} is valid by {@code docs/schema/NAME.schema.json}. */
    static void assertValid(String name, String json) {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(ID + name + ".schema.json"));
        List<String> errors = schema.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
        assertThat(errors).as("%s by docs/schema/%s.schema.json:%n%s", "the output", name, json).isEmpty();
    }
}
