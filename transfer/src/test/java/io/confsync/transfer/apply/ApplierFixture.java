package io.confsync.transfer.apply;

import io.confsync.manifest.HashCache;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.Scanner;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A source tree, a target tree and a backup store on Jimfs, and the checks applier tests make. */
abstract class ApplierFixture {

    static final Clock LATER = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);

    FileSystem fs;
    Path src;
    Path dst;
    BackupStore backups;

    /** The target node's sync roots. */
    abstract PathRules rules();

    @BeforeEach
    void createTrees() throws IOException {
        fs = JimfsTrees.unix();
        src = Files.createDirectories(fs.getPath("/src"));
        dst = Files.createDirectories(fs.getPath("/dst"));
        backups = new BackupStore(fs.getPath("/state/backups"), 3, LATER);
    }

    @AfterEach
    void closeFileSystem() throws IOException {
        fs.close();
    }

    Scanner scanner() {
        return new Scanner(new HashCache(), LATER);
    }

    Manifest scan(Path base) throws IOException {
        return scanner().scan(base, rules()).manifest();
    }

    static List<Path> temporaries(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> PathRules.isTempName(p.getFileName().toString())).toList();
        }
    }
}
