package io.confsync.manifest;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteOrder;

/**
 * Linux's C library through JNA, for the few calls the JDK lacks (syncfs, utimensat, lgetxattr,
 * inotify, openat with O_PATH). One place decides where they can be used: Linux on a 64-bit
 * little-endian machine (amd64, aarch64: the structures the callers lay out by hand), with file
 * names in UTF-8 (the callers pass paths as UTF-8 bytes).
 */
public final class Libc {

    private Libc() {
    }

    /** True on the hosts the native calls are written for. */
    public static boolean supported() {
        String arch = System.getProperty("os.arch");
        return "Linux".equals(System.getProperty("os.name")) && ("amd64".equals(arch) || "aarch64".equals(arch))
                && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN && FileNames.encodingProblem() == null;
    }

    /** {@code p} as the NUL-terminated UTF-8 bytes the kernel takes. */
    public static byte[] path(java.nio.file.Path p) {
        return string(p.toAbsolutePath().toString());
    }

    /** {@code s} as NUL-terminated UTF-8. */
    public static byte[] string(String s) {
        return (s + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** open(2)'s O_NOFOLLOW, which differs between amd64 and aarch64. */
    public static int oNoFollow() {
        return arm() ? 0x8000 : 0x20000;
    }

    /** True on aarch64, whose open(2) flags differ from amd64's (asm-generic). */
    public static boolean arm() {
        return "aarch64".equals(System.getProperty("os.arch"));
    }

    /**
     * The C library as {@code api} declares it, or null where it cannot be used (the caller then
     * falls back to what the JDK offers).
     */
    public static <T extends Library> T load(Class<T> api) {
        if (!supported()) {
            return null;
        }
        try {
            return Native.load("c", api);
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }
}
