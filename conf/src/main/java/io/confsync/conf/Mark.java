package io.confsync.conf;

/**
 * A position in the configuration file.
 *
 * @param line   1-based
 * @param column 1-based
 */
public record Mark(int line, int column) {
    /** Where nothing better is known. */
    public static final Mark START = new Mark(1, 1);
}
