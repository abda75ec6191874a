package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HashCacheTest {

    private FileSystem fs;
    private Path file;
    private Path store;

    @BeforeEach
    void setUp() throws Exception {
        fs = JimfsTrees.unix();
        file = JimfsTrees.write(fs.getPath("/data"), "f", "hello");
        store = fs.getPath("/state/hash-cache.bin");
    }

    @AfterEach
    void tearDown() throws Exception {
        fs.close();
    }

    @Test
    void save_thenLoad_keepsDigests() throws Exception {
        HashCache cache = new HashCache();
        Stat st = Stat.of(file);
        cache.remember(file, st, Digest.of("hello".getBytes()));
        cache.save(store);

        HashCache loaded = HashCache.load(store);

        assertThat(loaded.lookup(file, st)).isEqualTo(Digest.of("hello".getBytes()));
    }

    @Test
    void persist_nothingRemembered_writesNothing() throws Exception {
        Path dir = store.getParent().resolve("state");
        HashCache cache = HashCache.open(dir);
        cache.persist();
        assertThat(Files.exists(dir.resolve(HashCache.FILE_NAME))).isFalse();

        cache.remember(file, Stat.of(file), Digest.of("hello".getBytes()));
        cache.persist();
        assertThat(Files.exists(dir.resolve(HashCache.FILE_NAME))).isTrue();
        Files.delete(dir.resolve(HashCache.FILE_NAME));
        HashCache.open(dir).persist();
        cache.persist();
        assertThat(Files.exists(dir.resolve(HashCache.FILE_NAME))).as("saved once, clean since").isFalse();
    }

    @Test
    void lookup_changedStamp_misses() throws Exception {
        HashCache cache = new HashCache();
        Stat st = Stat.of(file);
        cache.remember(file, st, Digest.of("hello".getBytes()));
        Stat other = new Stat(st.kind(), st.size() + 1, st.mode(), st.uid(), st.gid(), st.owner(), st.group(),
                st.mtimeNanos(), st.ctimeNanos(), st.fileKey(), st.links());

        assertThat(cache.lookup(file, other)).isNull();
    }

    @Test
    void load_corruptFile_isDiscarded() throws Exception {
        HashCache cache = new HashCache();
        cache.remember(file, Stat.of(file), Digest.of("hello".getBytes()));
        cache.save(store);
        byte[] bytes = Files.readAllBytes(store);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(store, bytes);

        assertThat(HashCache.load(store).size()).isZero();
    }

    @Test
    void load_truncatedOrGarbage_isDiscarded() throws Exception {
        Files.createDirectories(store.getParent());
        Files.write(store, new byte[] {1, 2, 3});
        assertThat(HashCache.load(store).size()).isZero();
        Files.write(store, new byte[4096]);
        assertThat(HashCache.load(store).size()).isZero();
    }
}
