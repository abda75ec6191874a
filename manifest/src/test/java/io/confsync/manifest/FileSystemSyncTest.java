package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSyncTest {

    @TempDir
    Path dir;

    @Test
    void syncAll_filesOnLinuxDisk_oneCallSucceeds() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < Durable.GROUP_COMMIT; i++) {
            files.add(Files.writeString(Files.createDirectories(dir.resolve("d" + i % 7)).resolve("f" + i), "x" + i));
        }

        assertThat(FileSystemSync.syncAll(files)).isEqualTo(System.getProperty("os.name").equals("Linux"));
        Durable.forceAll(files);
        Durable.syncDirectories(files.stream().map(Path::getParent).distinct().toList());
    }

    @Test
    void syncAll_otherFileSystem_declinesSoCallerFsyncs() throws Exception {
        try (FileSystem fs = JimfsTrees.unix()) {
            Path f = Files.writeString(fs.getPath("/a"), "a");
            assertThat(FileSystemSync.syncAll(List.of(f))).isFalse();
            Durable.forceAll(java.util.Collections.nCopies(Durable.GROUP_COMMIT, f));
        }
        assertThat(FileSystemSync.syncAll(List.of())).isFalse();
    }
}
