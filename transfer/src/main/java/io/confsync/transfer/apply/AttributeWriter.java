package io.confsync.transfer.apply;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.confsync.manifest.AttributeReader;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Holes;
import io.confsync.manifest.Libc;
import io.confsync.manifest.PosixAcl;
import io.confsync.manifest.Xattrs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives an entry the extended attributes (ACLs included) and holes of the source's, never following
 * a symlink: {@code lsetxattr}/{@code lremovexattr} and {@code fallocate} through JNA on Linux's
 * default file system, the JDK's {@code user} view elsewhere. What the file system refuses
 * (not supported, not permitted) is not an error: the content still lands, the refusal is noted once
 * per kind of attribute and file system for the batch's result, and an access ACL that cannot be
 * set leaves the group bits of its group entry, so the file is never more open than on the source.
 * Thread-safe: staged files are written from several threads.
 */
final class AttributeWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AttributeWriter.class);
    private static final int EPERM = 1;
    private static final int EACCES = 13;
    private static final int ENODATA = 61;
    private static final int ENOTSUP = 95;
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int FALLOC_FL_PUNCH_HOLE = 2;
    /** Refusals already logged by this process, so that a service logs each once. */
    private static final Set<String> LOGGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The libc calls needed; paths and names are NUL-terminated bytes. */
    interface LibC extends Library {
        int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags);

        int lremovexattr(byte[] path, byte[] name);

        int open(byte[] path, int flags);

        int fallocate(int fd, int mode, long offset, long length);

        int ftruncate(int fd, long length);

        int close(int fd);
    }

    private static final LibC LIBC = Libc.load(LibC.class);

    /** What this batch could not keep, one line per kind of attribute and file system. */
    private final Map<String, String> refused = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The refusals of this batch, in a stable order. */
    List<String> notices() {
        return List.copyOf(refused.values());
    }

    /**
     * Sets and removes extended attributes until {@code p} has exactly {@code e}'s.
     *
     * @throws IOException on an error other than a refusal by the file system
     */
    void xattrs(Path p, FileEntry e) throws IOException {
        Xattrs now = AttributeReader.xattrs(p);
        Xattrs wanted = e.xattrs();
        if (now.equals(wanted)) {
            return;
        }
        for (String name : now.names()) {
            if (wanted.value(name) == null) {
                remove(p, name);
            }
        }
        for (String name : wanted.names()) {
            byte[] v = wanted.value(name);
            if (!java.util.Arrays.equals(v, now.value(name)) && !set(p, name, v) && Xattrs.ACL_ACCESS.equals(name)
                    && e.kind() != FileKind.SYMLINK) {
                int group = PosixAcl.groupPermission(v);
                if (group >= 0) {
                    MetadataWriter.setMode(p, e.mode() & ~070 | group << 3); // the mask is not the group's right
                }
            }
        }
    }

    /** True if set, false if the file system refused it. */
    private boolean set(Path p, String name, byte[] v) throws IOException {
        if (AttributeReader.nativeFor(p)) {
            if (LIBC.lsetxattr(Libc.path(p), Libc.string(name), v, v.length, 0) == 0) {
                return true;
            }
            return refusal(p, name, Native.getLastError(), "set");
        }
        UserDefinedFileAttributeView view = userView(p);
        if (view == null || !name.startsWith("user.")) {
            return refusal(p, name, ENOTSUP, "set");
        }
        view.write(name.substring("user.".length()), ByteBuffer.wrap(v));
        return true;
    }

    private void remove(Path p, String name) throws IOException {
        if (AttributeReader.nativeFor(p)) {
            if (LIBC.lremovexattr(Libc.path(p), Libc.string(name)) != 0 && Native.getLastError() != ENODATA) {
                refusal(p, name, Native.getLastError(), "remove");
            }
            return;
        }
        UserDefinedFileAttributeView view = userView(p);
        if (view != null && name.startsWith("user.")) {
            view.delete(name.substring("user.".length()));
        }
    }

    /**
     * Makes the holes of the file {@code p} those of {@code e}: allocates what the source stores,
     * then punches the source's holes (its content there is zeros, as on the source) and frees what
     * lies allocated past the end.
     *
     * @throws IOException on an error other than a refusal by the file system
     */
    void holes(Path p, FileEntry e) throws IOException {
        Holes now = AttributeReader.holes(p, e.size());
        if (now.equals(e.holes())) {
            return;
        }
        if (!AttributeReader.nativeFor(p)) {
            refusal(p, "holes", ENOTSUP, "make");
            return;
        }
        int fd = LIBC.open(Libc.path(p), O_WRONLY | O_CLOEXEC | Libc.oNoFollow());
        if (fd < 0) {
            refusal(p, "holes", Native.getLastError(), "make");
            return;
        }
        try {
            if (!now.isEmpty() && LIBC.fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, e.size()) != 0) {
                refusal(p, "holes", Native.getLastError(), "fill");
                return;
            }
            for (int i = 0; i < e.holes().count(); i++) {
                if (LIBC.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, e.holes().offset(i),
                        e.holes().length(i)) != 0) {
                    refusal(p, "holes", Native.getLastError(), "punch");
                    return;
                }
            }
            if (LIBC.ftruncate(fd, e.size()) != 0) { // frees blocks allocated past the end, as the source has none
                refusal(p, "holes", Native.getLastError(), "trim");
            }
        } finally {
            LIBC.close(fd);
        }
    }

    /**
     * Notes what the file system will not keep, once per kind and file system; any other errno is
     * an error of the batch.
     *
     * @return false
     */
    private boolean refusal(Path p, String name, int errno, String verb) throws IOException {
        if (errno != ENOTSUP && errno != EPERM && errno != EACCES) {
            throw new IOException(p + ": cannot " + verb + " " + name + " (errno " + errno + ")");
        }
        String kind = Xattrs.isAcl(name) ? "ACL " + name : name.equals("holes") ? "holes"
                : "extended attribute " + name.substring(0, name.indexOf('.') + 1) + "*";
        String store = store(p);
        String why = errno == ENOTSUP ? "the file system does not support it" : "not permitted (errno " + errno + ")";
        String line = kind + " not kept on " + store + ": " + why;
        refused.putIfAbsent(kind + "\0" + store, line);
        if (LOGGED.add(line)) {
            LOG.warn("{} (first: {})", line, p.getFileName());
        }
        return false;
    }

    private static String store(Path p) {
        try {
            var fs = Files.getFileStore(p.getParent() == null ? p : p.getParent());
            return fs.name() + " (" + fs.type() + ")";
        } catch (IOException | RuntimeException e) {
            return "this file system";
        }
    }

    private static UserDefinedFileAttributeView userView(Path p) {
        return Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }
}
