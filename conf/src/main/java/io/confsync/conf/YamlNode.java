package io.confsync.conf;

import java.util.List;
import java.util.Map;

/** A YAML value with the position it was read at. */
public sealed interface YamlNode {

    /** Where the value starts. */
    Mark mark();

    /** A short description of the node's type for error messages. */
    String typeName();

    /**
     * A scalar.
     *
     * @param text   the text, never null (empty for YAML null)
     * @param quoted true if it was a string in the YAML (so {@code "22"} is not a number)
     * @param isNull true for {@code ~}, {@code null} or an empty value
     * @param mark   position
     */
    record Scalar(String text, boolean quoted, boolean isNull, Mark mark) implements YamlNode {
        @Override
        public String typeName() {
            return isNull ? "nothing" : "a value";
        }
    }

    /**
     * A mapping in document order.
     *
     * @param entries key to value; never null
     * @param keys    key to the position of the key
     * @param mark    position
     */
    record Mapping(Map<String, YamlNode> entries, Map<String, Mark> keys, Mark mark) implements YamlNode {
        @Override
        public String typeName() {
            return "a mapping";
        }
    }

    /**
     * A sequence.
     *
     * @param items never null
     * @param mark  position
     */
    record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {
        @Override
        public String typeName() {
            return "a list";
        }
    }
}
