package io.confsync.manifest.plan;

import static io.confsync.manifest.plan.Fixtures.dir;
import static io.confsync.manifest.plan.Fixtures.file;
import static io.confsync.manifest.plan.Fixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestEditTest {

    private final Manifest tree = manifest(dir("a"), dir("a/b"), file("a/b/c", "1"), dir("a/b/d"),
            file("a/b/d/e", "2"), file("a/b-x", "3"), file("a/b.conf", "4"), file("a/ba", "5"), file("z", "6"));

    @Test
    void removeSubtree_directory_removesItAndDescendantsOnly() {
        TreeMap<RelPath, FileEntry> m = tree.mutableCopy();

        Manifest.removeSubtree(m, RelPath.of("a/b"));

        assertThat(m.keySet()).extracting(RelPath::value).containsExactly("a", "a/b-x", "a/b.conf", "a/ba", "z");
    }

    @Test
    void removeSubtree_root_removesEverything() {
        TreeMap<RelPath, FileEntry> m = tree.mutableCopy();

        Manifest.removeSubtree(m, RelPath.ROOT);

        assertThat(m).isEmpty();
    }

    @Test
    void mutableCopy_changedThenOfSorted_leavesTheOriginalAlone() {
        TreeMap<RelPath, FileEntry> m = tree.mutableCopy();
        m.remove(RelPath.of("z"));
        m.put(RelPath.of("a/new"), file("a/new", "7"));

        Manifest edited = Manifest.ofSorted(m);

        assertThat(edited).isEqualTo(manifest(dir("a"), dir("a/b"), file("a/b/c", "1"), dir("a/b/d"),
                file("a/b/d/e", "2"), file("a/b-x", "3"), file("a/b.conf", "4"), file("a/ba", "5"),
                file("a/new", "7")));
        assertThat(tree.size()).isEqualTo(9);
        m.clear();
        assertThat(edited.size()).isEqualTo(9);
    }
}
