package io.confsync.manifest;

/**
 * A failure in an operator's words, one line: its message, the file it names for the JDK's file
 * exceptions ({@code permission denied: /etc/x}), and for the few failures whose message is empty
 * what they mean ({@code connection closed by the peer}), never a class name or {@code null}.
 */
public final class Reason {

    private Reason() {
    }

    /** The one-line reason of {@code e}. */
    public static String of(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory: " + m;
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + m;
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "already exists: " + m;
        }
        if (m == null || m.isBlank()) {
            if (e instanceof java.io.EOFException) {
                return "connection closed by the peer";
            }
            if (e instanceof java.io.InterruptedIOException || e instanceof InterruptedException) {
                return "interrupted";
            }
            if (e.getCause() != null && e.getCause() != e) {
                return of(e.getCause());
            }
            return "unexpected " + e.getClass().getSimpleName(); // a defect: the name is all there is
        }
        return m.lines().findFirst().orElse(m);
    }
}
