package io.confsync.manifest.plan;

import io.confsync.manifest.Manifest;
import java.util.ArrayList;
import java.util.List;

/**
 * What a source holds back from a plan before it sends it: deletes beyond the mass-delete share,
 * and files larger than the size limit. Everything else of the plan goes: one file a receiver would
 * refuse never blocks the others. Pure.
 *
 * @param deletes     the mass-delete guard
 * @param maxFileSize the largest file sent ({@code limits.max-file-size}), in bytes
 */
public record Guards(DeleteGuard deletes, long maxFileSize) {

    /** Half the target's files, 64 MiB files. */
    public static final Guards DEFAULT = new Guards(DeleteGuard.DEFAULT, 64L << 20);

    /**
     * The plan as it is sent.
     *
     * @param target the whole target manifest (the share of deletes is of all its files)
     */
    public Plan hold(Plan plan, Manifest target) {
        List<Action> kept = new ArrayList<>();
        List<Withheld> withheld = new ArrayList<>(plan.withheld());
        for (Action a : plan.actions()) {
            if (a instanceof Action.PutFile p && p.bytes() > maxFileSize) {
                withheld.add(new Withheld(Withheld.Guard.TOO_LARGE, p.path(), List.of(p.entry()), "/"
                        + p.path().value() + " is " + p.bytes() + " bytes, above limits.max-file-size (" + maxFileSize
                        + " bytes): not sent; raise the limit or exclude it"));
            } else {
                kept.add(a);
            }
        }
        Plan sized = kept.size() == plan.actions().size() ? plan : new Plan(kept, withheld);
        return deletes.hold(sized, target);
    }
}
