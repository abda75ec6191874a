package io.confsync.manifest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers content digests by (path, size, mtime, ctime, file key), so that a rescan of unchanged
 * files reads no content. The cache is keyed by path and a hit requires the whole stamp to match;
 * the stamp is only a cache key, never a reason to skip a change.
 *
 * <p>It persists to one file with a trailing XXH64 checksum; a file that is truncated, corrupt or of
 * another version is discarded and logged, never trusted. Thread-safe.
 */
public final class HashCache {

    private static final Logger LOG = LoggerFactory.getLogger(HashCache.class);
    private static final int MAGIC = 0x43534843; // "CSHC"
    private static final int VERSION = 1;
    /** Bounds memory: far above the 2-20 node, few-thousand-file clusters confsync is for. */
    private static final long MAX_ENTRIES = 1_000_000;

    /** The cache's file name in a state directory. */
    public static final String FILE_NAME = "hash-cache.bin";

    private final Cache<String, Cached> cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();
    /** Where {@link #persist()} writes; null for a cache that lives in memory only. */
    private Path home;
    /** Something was remembered since the cache was loaded or saved. */
    private volatile boolean changed;
    /** Files looked up: one per regular file a scan visits. */
    private final java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A cached digest and the stamp it is valid for.
     *
     * @param stamp  size, times and identity of the file version hashed
     * @param digest its content digest
     */
    private record Cached(Stat stamp, Digest digest) {
    }

    /** The cached digest of the file version described by {@code stat}, or null. */
    public Digest lookup(Path file, Stat stat) {
        lookups.incrementAndGet();
        Cached c = cache.getIfPresent(file.toString());
        return c != null && c.stamp.sameVersion(stat) ? c.digest : null;
    }

    /** How many files were looked up since the cache was opened: each file a scan visited. */
    public long lookups() {
        return lookups.get();
    }

    /** Remembers a digest for the file version described by {@code stat}. */
    public void remember(Path file, Stat stat, Digest digest) {
        cache.put(file.toString(), new Cached(stat, digest));
        changed = true;
    }

    /**
     * Forgets the files under {@code roots} that a full scan of them did not see ({@code seen}):
     * without this, entries of deleted or renamed files, and of trees synced once, would be loaded
     * at every start for ever. Entries outside those roots are kept (another scan's).
     */
    public void forgetUnseen(java.util.Collection<Path> roots, Set<String> seen) {
        List<String> prefixes = roots.stream().map(Path::toString).toList();
        if (cache.asMap().keySet().removeIf(k -> !seen.contains(k) && under(k, prefixes))) {
            changed = true;
        }
    }

    private static boolean under(String file, List<String> prefixes) {
        for (String r : prefixes) {
            if (file.startsWith(r) && (file.length() == r.length() || r.endsWith("/")
                    || file.charAt(r.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    /** Number of cached entries. */
    public long size() {
        return cache.estimatedSize();
    }

    /**
     * The cache of a state directory: loaded from {@value #FILE_NAME} there (see {@link #load}),
     * written back there by {@link #persist()}.
     */
    public static HashCache open(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        HashCache hc = load(file);
        hc.home = file;
        return hc;
    }

    /**
     * Writes the cache back to its state directory if anything was remembered since it was loaded
     * or last written. A failure only costs hashing again next time, so it is logged, not thrown.
     * Does nothing for an in-memory cache.
     */
    public void persist() {
        if (home == null || !changed) {
            return;
        }
        try {
            save(home);
        } catch (IOException e) {
            LOG.warn("could not save the hash cache to {}: {}; files will be hashed again", home, Reason.of(e));
        }
    }

    /**
     * Loads a cache file. A missing file gives an empty cache; a corrupt one is logged and discarded.
     */
    public static HashCache load(Path file) {
        HashCache hc = new HashCache();
        if (!Files.isRegularFile(file)) {
            return hc;
        }
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < 16) {
                throw new IOException("too short");
            }
            long expected = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
            if (Digest.of(all, 0, all.length - 8).value() != expected) {
                throw new IOException("checksum mismatch");
            }
            hc.read(new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 8)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("hash cache {} discarded ({}); files will be hashed again", file, e.getMessage());
            return new HashCache();
        }
        return hc;
    }

    private void read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a confsync hash cache of version " + VERSION);
        }
        int n = in.readInt();
        if (n < 0 || n > MAX_ENTRIES) {
            throw new IOException("bad entry count " + n);
        }
        for (int i = 0; i < n; i++) {
            String path = in.readUTF();
            Stat stamp = new Stat(FileKind.FILE, in.readLong(), 0, -1, -1, "", "", in.readLong(), in.readLong(),
                    in.readUTF(), 1);
            cache.put(path, new Cached(stamp, new Digest(in.readLong())));
        }
    }

    /**
     * Writes the cache atomically (temporary file, rename). Not fsynced: it is only a cache, and a
     * file that a crash left short fails its checksum and is discarded.
     *
     * @throws IOException if the state directory cannot be written
     */
    public void save(Path file) throws IOException {
        changed = false;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Map<String, Cached> snapshot = Map.copyOf(cache.asMap());
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(snapshot.size());
        for (Map.Entry<String, Cached> e : snapshot.entrySet()) {
            Stat s = e.getValue().stamp;
            out.writeUTF(e.getKey());
            out.writeLong(s.size());
            out.writeLong(s.mtimeNanos());
            out.writeLong(s.ctimeNanos());
            out.writeUTF(s.fileKey());
            out.writeLong(e.getValue().digest.value());
        }
        out.writeLong(Digest.of(bytes.toByteArray()).value());
        Durable.replace(file, bytes.toByteArray(), false);
    }
}
