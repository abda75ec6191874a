package io.confsync.manifest;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;

/** Jimfs file systems with the unix attribute view, and small tree builders for tests. */
public final class JimfsTrees {

    private JimfsTrees() {
    }

    /** A fixed mtime, well before any test's scan, so the racy-clean rule never applies. */
    public static final long OLD_MTIME = 1_700_000_000_123_456_789L;

    /** A fresh unix-like Jimfs with unix attributes. */
    public static FileSystem unix() {
        return unix(1L << 32);
    }

    /** A fresh unix-like Jimfs with unix attributes holding at most {@code maxSize} bytes. */
    public static FileSystem unix(long maxSize) {
        return Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setAttributeViews("basic", "owner", "posix", "unix").setMaxSize(maxSize).build());
    }

    /** Writes a text file, creating parents, with an old fixed mtime. */
    public static Path write(Path base, String rel, String content) throws IOException {
        Path p = base.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(p, Stat.fileTime(OLD_MTIME));
        return p;
    }
}
