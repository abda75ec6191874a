package io.confsync.manifest.plan;

import static io.confsync.manifest.plan.Fixtures.dir;
import static io.confsync.manifest.plan.Fixtures.file;
import static io.confsync.manifest.plan.Fixtures.link;
import static io.confsync.manifest.plan.Fixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final PlanOptions DEFAULTS = PlanOptions.defaults();

    private static String listing(Plan plan) {
        return String.join("\n", plan.actions().stream().map(a -> a.verb() + " " + a.path()).toList());
    }

    @Test
    void plan_equalManifests_isEmpty() {
        Manifest m = manifest(dir(""), file("a", "x"), link("l", "a"));
        assertThat(Planner.plan(m, m, DEFAULTS).isEmpty()).isTrue();
    }

    @Test
    void plan_newTree_createsParentsBeforeChildrenAndSetsDirectoryMetadataLast() {
        Manifest src = manifest(dir(""), dir("d"), dir("d/e"), file("d/e/f", "x"), link("d/l", "e/f"));
        Manifest tgt = manifest(dir(""));

        assertThat(listing(Planner.plan(src, tgt, DEFAULTS))).isEqualTo("""
                mkdir d
                mkdir d/e
                create d/e/f
                symlink d/l
                meta d/e
                meta d
                meta .""");
    }

    @Test
    void plan_changedContent_updatesFileAndParentMtime() {
        Manifest src = manifest(dir(""), file("a", "new"));
        Manifest tgt = manifest(dir(""), file("a", "old"));

        Plan plan = Planner.plan(src, tgt, DEFAULTS);

        assertThat(listing(plan)).isEqualTo("update a\nmeta .");
        assertThat(plan.bytes()).isEqualTo(3);
    }

    @Test
    void plan_modeOnly_setsMetadataWithoutContent() {
        Manifest src = manifest(dir(""), Fixtures.withMode(file("a", "x"), 04755));
        Manifest tgt = manifest(dir(""), file("a", "x"));

        Plan plan = Planner.plan(src, tgt, DEFAULTS);

        assertThat(listing(plan)).isEqualTo("meta a");
        assertThat(plan.bytes()).isZero();
    }

    @Test
    void plan_ownershipDiffers_isIgnoredWhenNotKept() {
        Manifest src = manifest(dir(""), Fixtures.withOwner(file("a", "x"), "postfix", "postdrop"));
        Manifest tgt = manifest(dir(""), file("a", "x"));

        assertThat(listing(Planner.plan(src, tgt, DEFAULTS))).isEqualTo("meta a");
        assertThat(Planner.plan(src, tgt, DEFAULTS.withKeepOwnership(false)).isEmpty()).isTrue();
    }

    @Test
    void plan_extraEntries_removedChildrenFirstOnlyWithDelete() {
        Manifest src = manifest(dir(""));
        Manifest tgt = manifest(dir(""), dir("old"), file("old/f", "x"));

        assertThat(listing(Planner.plan(src, tgt, DEFAULTS))).isEqualTo("delete old/f\ndelete old\nmeta .");
        assertThat(Planner.plan(src, tgt, DEFAULTS.withDelete(false)).isEmpty()).isTrue();
    }

    @Test
    void plan_directoryBecomesFile_removesSubtreeFirst() {
        Manifest src = manifest(dir(""), file("x", "now a file"));
        Manifest tgt = manifest(dir(""), dir("x"), file("x/inner", "i"));

        assertThat(listing(Planner.plan(src, tgt, DEFAULTS.withDelete(false))))
                .isEqualTo("replace x/inner\nreplace x\ncreate x\nmeta .");
    }

    @Test
    void plan_fileBecomesSymlink_replacesIt() {
        Manifest src = manifest(dir(""), link("x", "target"));
        Manifest tgt = manifest(dir(""), file("x", "data"));

        assertThat(listing(Planner.plan(src, tgt, DEFAULTS))).isEqualTo("replace x\nsymlink x\nmeta .");
    }

    @Test
    void plan_protectedRoot_deletesNothingUnderIt() {
        Manifest src = manifest();
        Manifest tgt = manifest(dir("etc/app"), file("etc/app/a", "x"));

        Plan plan = Planner.plan(src, tgt, DEFAULTS.withNoDeleteUnder(Set.of(RelPath.of("etc/app"))));

        assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void plan_heldPath_isNotTouched() {
        Manifest src = manifest(dir(""), file("b", "new"));
        Manifest tgt = manifest(dir(""), file("a", "unreadable on source"), file("b", "old"));

        Plan plan = Planner.plan(src, tgt, DEFAULTS.withHeld(Set.of(RelPath.of("a"))));

        assertThat(listing(plan)).isEqualTo("update b\nmeta .");
    }

    @Test
    void refusal_deletingMoreThanHalf_isRefused() {
        Manifest src = manifest(dir(""), file("keep", "k"));
        Manifest tgt = manifest(dir(""), file("keep", "k"), file("a", "1"), file("b", "2"));
        Plan plan = Planner.plan(src, tgt, DEFAULTS);

        assertThat(DeleteGuard.DEFAULT.refusal(plan, tgt)).hasValueSatisfying(
                m -> assertThat(m).contains("2 of 3 files").contains("--force"));
        assertThat(new DeleteGuard(1.0).refusal(plan, tgt)).isEmpty();
    }
}
