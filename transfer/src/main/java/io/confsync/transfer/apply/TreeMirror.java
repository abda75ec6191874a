package io.confsync.transfer.apply;

import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.RootState;
import io.confsync.manifest.ScanResult;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.manifest.plan.Planner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Mirrors one local tree onto another: scans both, plans with the source's root states taken into
 * account (a missing or unreadable source root never deletes; an empty one only when forced), and
 * applies.
 */
public final class TreeMirror {

    private final Scanner scanner;

    /** @param scanner used for both trees */
    public TreeMirror(Scanner scanner) {
        this.scanner = scanner;
    }

    /**
     * What a mirror run would do.
     *
     * @param source the source scan
     * @param target the target scan
     * @param plan   the plan
     */
    public record Prepared(ScanResult source, ScanResult target, Plan plan) {
    }

    /**
     * Scans both trees and plans. A target base that does not exist yet counts as empty.
     *
     * @param options delete and ownership settings; protected roots and held paths are added here
     * @param force   let an empty source root delete
     * @throws IOException if a base directory cannot be read
     */
    public Prepared prepare(Path from, Path to, PathRules rules, PlanOptions options, boolean force)
            throws IOException {
        ScanResult source = scanner.scan(from, rules);
        ScanResult target = java.nio.file.Files.isDirectory(to) ? scanner.scan(to, rules) : ScanResult.empty();
        return new Prepared(source, target, Planner.plan(source.manifest(), target.manifest(),
                protect(options, source, target.held(), force)));
    }

    /**
     * Adds the protections that scans call for to the caller's options: a missing or unreadable
     * source root never deletes, an empty one only with {@code force}; paths held by either scan
     * are left alone.
     */
    public static PlanOptions protect(PlanOptions options, ScanResult source, Set<RelPath> targetHeld,
                                      boolean force) {
        Map<RelPath, RootState> guarded = new LinkedHashMap<>(options.guardedRoots());
        source.roots().forEach((root, state) -> {
            if (state == RootState.MISSING || state == RootState.UNREADABLE || state == RootState.EMPTY && !force) {
                guarded.put(root, state);
            }
        });
        Set<RelPath> held = new HashSet<>(options.held());
        held.addAll(source.held());
        held.addAll(targetHeld);
        return options.withGuardedRoots(guarded).withHeld(held);
    }
}
