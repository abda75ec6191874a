package io.confsync.manifest;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A write as GNU dbm or Berkeley DB makes it: through a shared mapping, forced, unmapped, then the
 * file closed; no write(2) at all, so inotify reports only {@code IN_CLOSE_WRITE}.
 */
public final class MappedWrite {

    private MappedWrite() {
    }

    /** Sets one byte of an existing file through a mapping of its first {@code length} bytes. */
    public static void put(Path file, int length, int offset, byte value) throws Exception {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, length);
            map.put(offset, value);
            map.force();
            unmap(map); // munmap before close: the JDK would otherwise keep the mapping until a GC
        }
    }

    private static void unmap(MappedByteBuffer map) throws Exception {
        var unsafe = Class.forName("sun.misc.Unsafe");
        var field = unsafe.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        unsafe.getMethod("invokeCleaner", java.nio.ByteBuffer.class).invoke(field.get(null), map);
    }
}
