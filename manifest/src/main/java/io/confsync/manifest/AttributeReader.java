package io.confsync.manifest;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code rsync -AXS} keeps and the JDK cannot tell: every extended attribute of an entry
 * (ACLs included) with {@code llistxattr}/{@code lgetxattr}, and a sparse file's holes with
 * {@code lseek(SEEK_HOLE)}, through JNA on Linux's default file system, never following a symlink.
 * Elsewhere (Jimfs) only the JDK's {@code user} view, and no holes. A file system that keeps no
 * extended attributes has none.
 */
public final class AttributeReader {

    private static final int ERANGE = 34;
    private static final int ENODATA = 61;
    private static final int ENOTSUP = 95;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int O_CLOEXEC = 0x80000;
    /** st_blocks sits at byte 64 of struct stat on amd64 and on aarch64 alike. */
    private static final int ST_BLOCKS_OFFSET = 64;

    /** The libc calls needed; paths and names are NUL-terminated bytes. */
    interface LibC extends Library {
        long llistxattr(byte[] path, byte[] list, long size);

        long lgetxattr(byte[] path, byte[] name, byte[] value, long size);

        int lstat(byte[] path, byte[] stat);

        int open(byte[] path, int flags);

        long lseek(int fd, long offset, int whence);

        int close(int fd);
    }

    private static final LibC LIBC = Libc.load(LibC.class);

    private AttributeReader() {
    }

    /** True where extended attributes and holes are read natively (Linux's default file system). */
    public static boolean nativeFor(Path p) {
        return LIBC != null && p.getFileSystem() == FileSystems.getDefault();
    }

    /**
     * The carried extended attributes of {@code p} itself.
     *
     * @throws IOException if they cannot be listed or read (not for a file system without them)
     */
    public static Xattrs xattrs(Path p) throws IOException {
        if (!nativeFor(p)) {
            return viaJdk(p);
        }
        byte[] path = Libc.path(p);
        byte[] list = new byte[1024];
        long n = LIBC.llistxattr(path, list, list.length);
        for (int attempt = 0; n < 0 && Native.getLastError() == ERANGE && attempt < 3; attempt++) {
            long need = LIBC.llistxattr(path, null, 0);
            list = new byte[(int) Math.min(Math.max(need, 1), 1 << 20)];
            n = LIBC.llistxattr(path, list, list.length);
        }
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == ENOTSUP) {
                return Xattrs.NONE;
            }
            throw new IOException(p + ": cannot list extended attributes (errno " + errno + ")");
        }
        if (n == 0) {
            return Xattrs.NONE;
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String name : names(list, (int) n)) {
            if (Xattrs.carried(name)) {
                byte[] v = value(p, path, name);
                if (v != null) {
                    out.put(name, v);
                }
            }
        }
        return of(p, out);
    }

    private static List<String> names(byte[] list, int n) {
        List<String> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (list[i] == 0) {
                if (i > start) {
                    names.add(new String(list, start, i - start, StandardCharsets.UTF_8));
                }
                start = i + 1;
            }
        }
        return names;
    }

    /** The value of one attribute, or null if it went away meanwhile. */
    private static byte[] value(Path p, byte[] path, String name) throws IOException {
        byte[] cName = Libc.string(name);
        byte[] v = new byte[256];
        long n = LIBC.lgetxattr(path, cName, v, v.length);
        for (int attempt = 0; n < 0 && Native.getLastError() == ERANGE && attempt < 3; attempt++) {
            long need = LIBC.lgetxattr(path, cName, null, 0);
            v = new byte[(int) Math.min(Math.max(need, 1), Xattrs.MAX_VALUE)];
            n = LIBC.lgetxattr(path, cName, v, v.length);
        }
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == ENODATA) {
                return null;
            }
            throw new IOException(p + ": cannot read extended attribute " + name + " (errno " + errno + ")");
        }
        return java.util.Arrays.copyOf(v, (int) n);
    }

    private static Xattrs viaJdk(Path p) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return Xattrs.NONE;
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        try {
            for (String name : view.list()) {
                ByteBuffer b = ByteBuffer.allocate(view.size(name));
                view.read(name, b);
                out.put("user." + name, b.array());
            }
        } catch (UnsupportedOperationException e) {
            return Xattrs.NONE;
        }
        return of(p, out);
    }

    private static Xattrs of(Path p, Map<String, byte[]> found) throws IOException {
        try {
            return Xattrs.of(found);
        } catch (IllegalArgumentException e) {
            throw new IOException(p + ": " + e.getMessage());
        }
    }

    /**
     * The holes of the regular file {@code p} of {@code size} bytes: none unless fewer blocks are
     * allocated than its size needs (one lstat), and none where they cannot be found or are more
     * than {@link Holes#MAX_COUNT}.
     */
    public static Holes holes(Path p, long size) {
        if (!nativeFor(p) || size == 0) {
            return Holes.NONE;
        }
        byte[] path = Libc.path(p);
        byte[] st = new byte[256];
        if (LIBC.lstat(path, st) != 0) {
            return Holes.NONE;
        }
        long blocks = ByteBuffer.wrap(st).order(ByteOrder.LITTLE_ENDIAN).getLong(ST_BLOCKS_OFFSET);
        if (blocks * 512 >= size) {
            return Holes.NONE;
        }
        int fd = LIBC.open(path, O_CLOEXEC | Libc.oNoFollow()); // O_RDONLY
        if (fd < 0) {
            return Holes.NONE;
        }
        try {
            List<Long> ranges = new ArrayList<>();
            long pos = 0;
            while (pos < size && ranges.size() <= 2 * Holes.MAX_COUNT) {
                long hole = LIBC.lseek(fd, pos, SEEK_HOLE);
                if (hole < 0 || hole >= size) {
                    break;
                }
                long data = LIBC.lseek(fd, hole, SEEK_DATA);
                long end = data < 0 || data > size ? size : data; // ENXIO: a hole up to the end
                ranges.add(hole);
                ranges.add(end - hole);
                pos = end;
            }
            if (ranges.size() > 2 * Holes.MAX_COUNT) {
                return Holes.NONE;
            }
            return Holes.of(ranges.stream().mapToLong(Long::longValue).toArray(), size);
        } catch (IllegalArgumentException e) {
            return Holes.NONE; // the file changed size while read: the next scan sees it settled
        } finally {
            LIBC.close(fd);
        }
    }
}
