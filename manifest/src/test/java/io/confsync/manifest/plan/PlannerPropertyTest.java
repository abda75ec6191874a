package io.confsync.manifest.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random manifests from a small name pool, so that source and target overlap and collide often. */
class PlannerPropertyTest {

    private static final String[] NAMES = {"a", "b", "c"};
    private static final int RUNS = 3000;

    @Test
    void plan_appliedToTarget_yieldsSource() {
        Random rnd = new Random(42);
        for (int i = 0; i < RUNS; i++) {
            Manifest a = randomTree(rnd);
            Manifest b = randomTree(rnd);
            Plan plan = Planner.plan(a, b, PlanOptions.defaults());
            assertThat(new PlanModel(b).apply(plan)).as("run %d: %s", i, plan).isEqualTo(a);
            assertThat(plan.applyTo(b)).as("applyTo, run %d", i).isEqualTo(a);
            assertThat(Planner.plan(a, a, PlanOptions.defaults()).isEmpty()).isTrue();
        }
    }

    @Test
    void planUnder_changeConfinedToDirtySubtrees_equalsFullPlanResult() {
        Random rnd = new Random(11);
        for (int i = 0; i < RUNS; i++) {
            Manifest a = randomTree(rnd);
            // b: a with one top-level subtree replaced by something random.
            RelPath dirty = RelPath.of(NAMES[rnd.nextInt(NAMES.length)]);
            Manifest other = randomTree(rnd);
            List<FileEntry> mixed = new ArrayList<>();
            a.forEach(e -> {
                if (!e.path().startsWith(dirty)) {
                    mixed.add(e);
                }
            });
            other.under(dirty).forEach(mixed::add);
            Manifest b = Manifest.of(mixed);
            Plan plan = Planner.planUnder(a, b, PlanOptions.defaults(), List.of(dirty));
            assertThat(new PlanModel(b).apply(plan)).as("run %d: %s", i, plan).isEqualTo(a);
        }
    }

    @Test
    void plan_withoutDelete_keepsExtrasAndYieldsEverySourceEntry() {
        Random rnd = new Random(7);
        for (int i = 0; i < RUNS; i++) {
            Manifest a = randomTree(rnd);
            Manifest b = randomTree(rnd);
            Manifest result = new PlanModel(b).apply(Planner.plan(a, b, PlanOptions.defaults().withDelete(false)));
            for (FileEntry e : a) {
                assertThat(result.get(e.path())).as("run %d", i).isEqualTo(e);
            }
        }
    }

    private static Manifest randomTree(Random rnd) {
        List<FileEntry> out = new ArrayList<>();
        out.add(entry(rnd, RelPath.ROOT, FileKind.DIRECTORY));
        grow(rnd, RelPath.ROOT, 0, out);
        return Manifest.of(out);
    }

    private static void grow(Random rnd, RelPath dir, int depth, List<FileEntry> out) {
        for (String name : NAMES) {
            if (rnd.nextInt(3) == 0) {
                continue;
            }
            RelPath p = dir.child(name);
            FileKind kind = depth >= 2 ? (rnd.nextBoolean() ? FileKind.FILE : FileKind.SYMLINK)
                    : FileKind.values()[rnd.nextInt(3)];
            out.add(entry(rnd, p, kind));
            if (kind == FileKind.DIRECTORY) {
                grow(rnd, p, depth + 1, out);
            }
        }
    }

    private static FileEntry entry(Random rnd, RelPath p, FileKind kind) {
        int mode = kind == FileKind.SYMLINK ? 0777 : new int[] {0644, 0600, 02755}[rnd.nextInt(3)];
        String owner = rnd.nextBoolean() ? "root" : "postfix";
        long mtime = Fixtures.T0 + rnd.nextInt(2);
        String content = "c" + rnd.nextInt(3);
        return switch (kind) {
            case FILE -> new FileEntry(p, kind, content.length(), mode, owner, "root", 0, 0, mtime,
                    Digest.of(content.getBytes()), null);
            case SYMLINK -> new FileEntry(p, kind, content.length(), mode, owner, "root", 0, 0, mtime, null, content);
            case DIRECTORY -> new FileEntry(p, kind, 0, mode, owner, "root", 0, 0, mtime, null, null);
        };
    }
}
