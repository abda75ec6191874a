package io.confsync.transfer.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import io.confsync.manifest.plan.PlanOptions;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Batches large enough for the helper threads: what lands, and what an abort leaves. */
class ApplierParallelTest extends ApplierFixture {

    private static final PathRules RULES = new PathRules(List.of(SyncRoot.of(RelPath.of("etc"))));
    private static final int FILES = 240;

    @Override
    PathRules rules() {
        return RULES;
    }

    @BeforeEach
    void writeSource() throws IOException {
        for (int i = 0; i < FILES; i++) {
            JimfsTrees.write(src, name(i), "line " + i + "\n".repeat(i));
        }
    }

    private static String name(int i) {
        return "etc/d" + (i % 12) + "/sub" + (i % 3) + "/f" + i + ".conf";
    }

    private ApplyResult mirror(Path target, BackupStore store, ContentSource content) throws IOException {
        TreeMirror.Prepared p = new TreeMirror(scanner()).prepare(src, target, RULES, PlanOptions.defaults(), false);
        return new Applier(target, RULES, store, ApplyOptions.defaults()).apply(p.plan(), p.target().manifest(),
                content);
    }

    @Test
    void apply_manyFilesUpdatesAndOneLargerThanHelpersTake_targetEqualsSourceAndContentReadInOrder() throws Exception {
        JimfsTrees.write(src, "etc/big.db", "b".repeat(ParallelWrites.MAX_FILE + 1));
        JimfsTrees.write(dst, name(7), "old seven");
        JimfsTrees.write(dst, name(8), "old eight");
        Set<String> writers = ConcurrentHashMap.newKeySet();
        ContentSource local = ContentSource.localTree(src);
        ContentSource recordingThreads = (e, basis, out) -> {
            local.writeTo(e, basis, new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    writers.add(Thread.currentThread().getName());
                    out.write(b, off, len);
                }
            });
        };

        ApplyResult r = mirror(dst, backups, recordingThreads);

        assertThat(scan(dst)).isEqualTo(scan(src));
        assertThat(r.updated()).isEqualTo(2);
        assertThat(Files.readString(r.backup().resolve("files/" + name(7)))).isEqualTo("old seven");
        assertThat(temporaries(dst)).isEmpty();
        // Content is produced on the reading thread (a protocol stream is read in order by one).
        assertThat(writers).containsOnly(Thread.currentThread().getName());
    }

    @Test
    void apply_corruptFileAmongMany_abortsOnThatFileWithNothingRenamedAndNoTemporaries() throws Exception {
        JimfsTrees.write(dst, name(5), "old five");
        Manifest before = scan(dst);
        ContentSource local = ContentSource.localTree(src);
        String corrupt = name(FILES / 2);
        ContentSource corrupting = (e, basis, out) -> {
            if (e.path().toString().equals(corrupt)) {
                out.write("not what the digest says".getBytes());
            } else {
                local.writeTo(e, basis, out);
            }
        };

        assertThatThrownBy(() -> mirror(dst, backups, corrupting))
                .isInstanceOfSatisfying(ApplyException.class,
                        e -> assertThat(e.code()).isEqualTo(ApplyException.Code.VERIFY))
                .hasMessageContaining(corrupt);
        assertThat(scan(dst)).isEqualTo(before);
        assertThat(temporaries(dst)).isEmpty();
        assertThat(Files.readString(dst.resolve(name(5)))).isEqualTo("old five");
    }

    @Test
    void apply_diskFullWhileHelpersWrite_leavesTargetIntactAndNoTemporaries() throws Exception {
        for (int i = 0; i < FILES; i++) {
            JimfsTrees.write(src, name(i), "x".repeat(4096));
        }
        try (FileSystem small = JimfsTrees.unix(256 * 1024)) {
            Path target = Files.createDirectories(small.getPath("/dst"));
            JimfsTrees.write(src, "etc/keep.conf", "kept\n");
            JimfsTrees.write(target, "etc/keep.conf", "kept\n");
            Manifest before = scan(target);

            assertThatThrownBy(() -> mirror(target, new BackupStore(small.getPath("/state/backups"), 3, LATER),
                    ContentSource.localTree(src)))
                    .isInstanceOfSatisfying(ApplyException.class,
                            e -> assertThat(e.code()).isEqualTo(ApplyException.Code.IO));
            assertThat(scan(target)).isEqualTo(before);
            assertThat(temporaries(target)).isEmpty();
        }
    }
}
