package io.confsync.conf;

/**
 * A configuration file that cannot be used. The message is one line:
 * {@code file:line:column: what is wrong (hint)}.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final Mark mark;

    /**
     * @param file    the file name as given; never null
     * @param mark    where; never null
     * @param problem what is wrong
     * @param hint    what to do; may be null
     */
    public ConfigException(String file, Mark mark, String problem, String hint) {
        super(file + ":" + mark.line() + ":" + mark.column() + ": " + problem + (hint == null ? "" : " (" + hint + ")"));
        this.file = file;
        this.mark = mark;
    }

    /** The file name as given. */
    public String file() {
        return file;
    }

    /** Where the problem is. */
    public Mark mark() {
        return mark;
    }
}
