package io.confsync.manifest;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Whether a name read from a directory can be synchronized. Linux names are bytes; the JDK decodes
 * them in its file name encoding ({@code sun.jnu.encoding}, from LC_CTYPE) and replaces what does not
 * decode with U+FFFD. Such a name cannot be opened again from its text, on this node or any other:
 * it is either not valid UTF-8, or valid UTF-8 read by a JVM without a UTF-8 locale.
 */
public final class FileNames {

    private static final char REPLACEMENT = '\uFFFD';

    private FileNames() {
    }

    /**
     * True if the text of {@code name} (one path element, or a symlink's target) names exactly the
     * same bytes: it can be written down, sent and resolved again.
     */
    public static boolean faithful(Path name) {
        String text = name.toString();
        if (text.indexOf(REPLACEMENT) < 0) {
            return true; // the common case costs one scan of the text
        }
        try {
            return name.getFileSystem().getPath(text).equals(name); // a real U+FFFD survives this
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * The path's bytes for a log line: printable ASCII as it is, every other byte as {@code \xNN}.
     * On the default file system the bytes are exact (the JDK keeps them and a file URI carries them
     * percent-encoded); elsewhere the text is shown as UTF-8.
     */
    public static String escaped(Path p) {
        byte[] bytes = rawBytes(p);
        StringBuilder b = new StringBuilder(bytes.length + 16);
        for (byte x : bytes) {
            int c = x & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return b.toString();
    }

    private static byte[] rawBytes(Path p) {
        if (p.getFileSystem() == FileSystems.getDefault()) {
            URI uri = p.toAbsolutePath().toUri();
            String raw = uri.getRawPath();
            if (raw.endsWith("/") && raw.length() > 1) {
                raw = raw.substring(0, raw.length() - 1); // a directory's URI ends with a slash
            }
            return percentDecoded(raw);
        }
        return p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] percentDecoded(String raw) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length()) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /**
     * Why names cannot be read faithfully by this JVM, or null when its file name encoding is UTF-8.
     */
    public static String encodingProblem() {
        String jnu = System.getProperty("sun.jnu.encoding", "UTF-8");
        if (jnu.equalsIgnoreCase("UTF-8") || jnu.equalsIgnoreCase("UTF8")) {
            return null;
        }
        return "this JVM reads file names as " + jnu + ", not UTF-8 (no UTF-8 locale): names outside ASCII "
                + "cannot be synchronized; start confsync through its launcher, or set LC_ALL=C.UTF-8";
    }
}
