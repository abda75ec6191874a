package io.confsync.manifest.plan;

import static io.confsync.manifest.plan.Fixtures.dir;
import static io.confsync.manifest.plan.Fixtures.file;
import static io.confsync.manifest.plan.Fixtures.link;
import static io.confsync.manifest.plan.Fixtures.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Manifest;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.RootState;
import java.util.Map;
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
    void plan_guardedRoot_deletesNothingUnderItAndSaysWhy() {
        Manifest src = manifest(dir("etc/app"));
        Manifest tgt = manifest(dir("etc/app"), file("etc/app/a", "x"), file("etc/app/b", "y"));

        Plan plan = Planner.plan(src, tgt, DEFAULTS.withGuardedRoots(Map.of(RelPath.of("etc/app"), RootState.EMPTY)));

        assertThat(plan.isEmpty()).isTrue();
        assertThat(plan.withheld()).singleElement().satisfies(w -> {
            assertThat(w.guard()).isEqualTo(Withheld.Guard.SOURCE_ROOT_EMPTY);
            assertThat(w.entries()).extracting(e -> e.path().value()).containsExactly("etc/app/b", "etc/app/a");
            assertThat(w.reason()).contains("/etc/app is empty on the source").contains("2 entries").contains("--force");
        });
    }

    @Test
    void hold_massDelete_keepsEveryOtherActionAndListsTheDeletes() {
        Manifest src = manifest(dir(""), file("keep", "changed"));
        Manifest tgt = manifest(dir(""), file("keep", "k"), file("a", "1"), file("b", "2"));

        Plan held = DeleteGuard.DEFAULT.hold(Planner.plan(src, tgt, DEFAULTS), tgt);

        assertThat(listing(held)).isEqualTo("update keep\nmeta .");
        assertThat(held.withheld()).singleElement().satisfies(w -> {
            assertThat(w.guard()).isEqualTo(Withheld.Guard.MASS_DELETE);
            assertThat(w.files()).isEqualTo(2);
            assertThat(w.reason()).contains("2 of 3 files").contains("sync --force");
        });
        assertThat(DeleteGuard.DEFAULT.refusal(held, tgt)).as("what is left passes the guard").isEmpty();
    }

    @Test
    void hold_withinShare_planUnchanged() {
        Manifest src = manifest(dir(""), file("keep", "k"), file("keep2", "k"));
        Manifest tgt = manifest(dir(""), file("keep", "k"), file("keep2", "k"), file("a", "1"));
        Plan plan = Planner.plan(src, tgt, DEFAULTS);

        assertThat(DeleteGuard.DEFAULT.hold(plan, tgt)).isSameAs(plan);
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
                m -> assertThat(m).contains("2 of 3 files").contains("limits.max-delete-share"));
        assertThat(new DeleteGuard(1.0).refusal(plan, tgt)).isEmpty();
    }

    @Test
    void plan_hardLinkedNames_firstWrittenOthersLinkedNothingSentForThem() {
        Manifest src = manifest(dir(""), file("a", "shared"), Fixtures.linkedTo(file("b", "shared"), "a"),
                Fixtures.linkedTo(file("c", "shared"), "a"));
        Manifest tgt = manifest(dir(""));

        Plan plan = Planner.plan(src, tgt, DEFAULTS);

        assertThat(listing(plan)).isEqualTo("create a\nlink b\nlink c\nmeta .");
        assertThat(plan.bytes()).isEqualTo(6);
    }

    @Test
    void plan_firstNameRewritten_otherNamesLinkedAgain() {
        Manifest src = manifest(dir(""), file("a", "new"), Fixtures.linkedTo(file("b", "new"), "a"));
        Manifest tgt = manifest(dir(""), file("a", "old"), Fixtures.linkedTo(file("b", "old"), "a"));

        assertThat(listing(Planner.plan(src, tgt, DEFAULTS))).isEqualTo("update a\nlink b\nmeta .");
    }

    @Test
    void plan_linkedOnTheTargetOnly_getsItsOwnInode() {
        Manifest src = manifest(dir(""), file("a", "x"), file("b", "x"));
        Manifest tgt = manifest(dir(""), file("a", "x"), Fixtures.linkedTo(file("b", "x"), "a"));

        assertThat(listing(Planner.plan(src, tgt, DEFAULTS))).isEqualTo("update b\nmeta .");
    }

    @Test
    void plan_linkedAlike_metadataOnlyThroughTheFirstName() {
        Manifest src = manifest(dir(""), Fixtures.withMode(file("a", "x"), 0600),
                Fixtures.linkedTo(Fixtures.withMode(file("b", "x"), 0600), "a"));
        Manifest tgt = manifest(dir(""), file("a", "x"), Fixtures.linkedTo(file("b", "x"), "a"));

        Plan plan = Planner.plan(src, tgt, DEFAULTS);

        assertThat(listing(plan)).isEqualTo("meta a");
        assertThat(plan.applyTo(tgt).get(RelPath.of("b")).mode()).as("b shares a's inode").isEqualTo(0600);
    }

    @Test
    void plan_xattrsOrHolesDiffer_metadataOnly() {
        Manifest src = manifest(dir(""), Fixtures.withXattr(file("a", "x"), "user.k", "v"),
                Fixtures.withHoles(file("z", "\0\0"), 0, 2));
        Manifest tgt = manifest(dir(""), file("a", "x"), file("z", "\0\0"));

        assertThat(listing(Planner.plan(src, tgt, DEFAULTS))).isEqualTo("""
                meta a
                meta z""");
    }

    @Test
    void planUnder_firstNameDirty_otherNamesPlannedToo() {
        Manifest src = manifest(dir(""), dir("d"), file("a", "new"), Fixtures.linkedTo(file("d/b", "new"), "a"));
        Manifest tgt = manifest(dir(""), dir("d"), file("a", "old"), Fixtures.linkedTo(file("d/b", "old"), "a"));

        Plan plan = Planner.planUnder(src, tgt, DEFAULTS, java.util.List.of(RelPath.of("a")));

        assertThat(plan.actions()).extracting(a -> a.verb() + " " + a.path())
                .contains("update a", "link d/b");
    }
}
