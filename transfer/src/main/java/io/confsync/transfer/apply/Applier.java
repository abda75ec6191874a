package io.confsync.transfer.apply;

import io.confsync.manifest.Durable;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import io.confsync.manifest.plan.Planner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link Plan} to a node's base directory in two phases. Staging creates every new file
 * and symlink as a temporary sibling (O_EXCL, 0600), verifies size and XXH64, fsyncs it and sets its
 * metadata, and backs up whatever will be overwritten or deleted. Only when everything is staged
 * does the commit rename, remove and set metadata in plan order, then fsync the directories. A
 * failure while staging removes every temporary file and renames nothing. The files of a large
 * batch are written by helper threads ({@link ParallelWrites}) while the content is still read.
 *
 * <p>A directory that replaces a file or symlink is staged as a temporary directory and renamed into
 * place, so that its contents can be staged before anything is removed.
 */
public final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);

    private final Path base;
    private final PathRules rules;
    private final BackupStore backups;
    private final ApplyOptions options;

    /**
     * @param base    the node's base directory; paths of the plan are resolved against it
     * @param rules   the node's own sync roots: nothing outside them is written
     * @param backups where overwritten and deleted entries are kept
     * @param options ownership, guard and limits
     */
    public Applier(Path base, PathRules rules, BackupStore backups, ApplyOptions options) {
        this.base = base;
        this.rules = rules;
        this.backups = backups;
        this.options = options;
    }

    /** What must hold before a staged batch is committed: for a receiver, the sender's end of the batch. */
    @FunctionalInterface
    public interface CommitGate {
        /**
         * Returns once the batch may be committed.
         *
         * @throws IOException if it may not (the stream ended first): the batch is rolled back
         */
        void open() throws IOException;
    }

    /**
     * Applies a plan whose commit needs nothing more than its staging.
     *
     * @throws ApplyException if the batch was refused or aborted; nothing was then renamed
     */
    public ApplyResult apply(Plan plan, Manifest target, ContentSource content) throws ApplyException {
        return apply(plan, target, content, () -> { });
    }

    /**
     * Applies a plan: stages everything, forces it to disk, waits for {@code gate}, then commits.
     *
     * @param plan    what to do
     * @param target  the manifest the plan was made against (for the mass-delete guard)
     * @param content where new file content comes from
     * @param gate    opened between staging and commit; if it throws, the batch is rolled back
     * @throws ApplyException if the batch was refused or aborted; nothing was then renamed
     */
    public ApplyResult apply(Plan plan, Manifest target, ContentSource content, CommitGate gate)
            throws ApplyException {
        refuseIfUnsafe(plan, target);
        try (Locator at = Locator.of(base)) {
            return apply(plan, target, content, gate, at);
        }
    }

    private ApplyResult apply(Plan plan, Manifest target, ContentSource content, CommitGate gate, Locator at)
            throws ApplyException {
        BackupStore.Batch batch = backups.begin();
        Staging staging = new Staging(at, batch, content, new MetadataWriter(options.keepOwnership()), plan);
        long t0 = System.nanoTime();
        try {
            for (Action a : plan.actions()) {
                if (!(a instanceof Action.Remove || a instanceof Action.SetMetadata)
                        && rules.roots().stream().anyMatch(r -> r.path().equals(a.path()))) {
                    staging.ensureParents(a.path());
                }
                staging.stage(a);
            }
            long t1 = System.nanoTime();
            staging.finishWrites();
            long t2 = System.nanoTime();
            staging.syncStaged();
            LOG.debug("staged {} actions in {} ms, the last written {} ms later, forced to disk in {} ms",
                    plan.actions().size(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                    (System.nanoTime() - t2) / 1_000_000);
            gate.open(); // a sender that died before its batch's end never has it applied
        } catch (IOException | RuntimeException e) {
            staging.rollback();
            discardQuietly(batch);
            throw e instanceof ApplyException ae ? ae
                    : new ApplyException(ApplyException.Code.IO, "batch aborted, nothing changed: " + staging.current()
                    + ": " + e, List.of(staging.current() + ": " + e), e);
        }
        return commit(plan, target, staging, batch, at);
    }

    private ApplyResult commit(Plan plan, Manifest target, Staging staging, BackupStore.Batch batch, Locator at)
            throws ApplyException {
        Set<Path> dirs = new LinkedHashSet<>();
        int done = 0;
        try {
            for (Action a : plan.actions()) {
                staging.commit(a);
                if (!(a instanceof Action.SetMetadata)) {
                    // Only names created, renamed or removed need their directory forced to disk.
                    dirs.add(a.path().isRoot() ? base.toAbsolutePath().getParent() : at.directory(a.path().parent()));
                }
                done++;
            }
            long t0 = System.nanoTime();
            Durable.syncDirectories(dirs);
            batch.finish();
            LOG.debug("renamed {} actions, {} directories forced in {} ms", done, dirs.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            // All or nothing: what the commit already did is taken back from this batch's backups.
            RelPath at0 = plan.actions().get(Math.min(done, plan.actions().size() - 1)).path();
            int steps = staging.journal().size();
            List<String> failed = staging.journal().takeBack();
            staging.rollback();
            try {
                Durable.syncDirectories(dirs);
            } catch (IOException ignored) {
                LOG.debug("could not force the rolled back directories to disk: {}", ignored.toString());
            }
            if (failed.isEmpty()) {
                discardQuietly(batch);
                throw new ApplyException(ApplyException.Code.IO, "batch aborted at commit, nothing changed: "
                        + at0 + ": " + e + " (the " + steps + " steps already done were taken back)",
                        List.of(at0 + ": " + e), e);
            }
            throw new ApplyException(ApplyException.Code.IO, "commit failed at " + at0 + ": " + e + "; " + failed.size()
                    + " of the " + steps + " steps already done could not be taken back (first: " + failed.get(0)
                    + "); the old versions are in " + batch.path(), List.of(at0 + ": " + e), e);
        }
        return result(plan, target, staging, batch);
    }

    private ApplyResult result(Plan plan, Manifest target, Staging staging, BackupStore.Batch batch) {
        int created = 0;
        int updated = 0;
        int metadata = 0;
        int removed = 0;
        for (Action a : plan.actions()) {
            if (a instanceof Action.MakeDirectory) {
                created++;
            } else if (a instanceof Action.PutFile p) {
                created += p.replaced() == null ? 1 : 0;
                updated += p.replaced() == null ? 0 : 1;
            } else if (a instanceof Action.MakeSymlink || a instanceof Action.MakeLink) {
                created += a.replaced() == null ? 1 : 0;
                updated += a.replaced() == null ? 0 : 1;
            } else if (a instanceof Action.SetMetadata m && m.current() != null
                    && Planner.metadataDiffers(m.entry(), m.current(), options.keepOwnership())) {
                metadata++;
            } else if (a instanceof Action.Remove r && r.reason() == Action.Reason.DELETED) {
                removed++;
            }
        }
        return new ApplyResult(created, updated, metadata, removed, staging.bytesWritten(), batch.path(),
                staging.notices());
    }

    private void refuseIfUnsafe(Plan plan, Manifest target) throws ApplyException {
        Confinement confinement = new Confinement(base, rules);
        List<String> reasons = new ArrayList<>();
        // A plan that makes a path a symlink (or a file) and puts something under it would write
        // through the link once it is in place: never a plan a real source makes.
        Set<RelPath> notDirectories = new java.util.HashSet<>();
        for (Action a : plan.actions()) {
            if (a instanceof Action.MakeSymlink || a instanceof Action.PutFile || a instanceof Action.MakeLink) {
                notDirectories.add(a.path());
            }
        }
        for (Action a : plan.actions()) {
            if (a instanceof Action.Remove) {
                continue; // what a type change clears away under the path goes before the path changes
            }
            for (RelPath up = a.path().parent(); up != null && !notDirectories.isEmpty(); up = up.parent()) {
                if (notDirectories.contains(up)) {
                    reasons.add(a.path() + ": lies under " + up + ", which the same plan makes a symlink or a file");
                    break;
                }
            }
        }
        for (Action a : plan.actions()) {
            String why;
            try {
                why = confinement.violation(a.path());
                if (why == null && a instanceof Action.MakeLink l) {
                    why = linkViolation(confinement, l);
                }
            } catch (IOException e) {
                why = a.path() + ": cannot check the path: " + e.getMessage();
            }
            if (why != null) {
                reasons.add(why);
            }
        }
        if (!reasons.isEmpty()) {
            LOG.error("batch refused: {}", reasons.get(0));
            throw new ApplyException(ApplyException.Code.CONFINEMENT, "batch refused, nothing changed: "
                    + reasons.get(0) + (reasons.size() > 1 ? " (and " + (reasons.size() - 1) + " more)" : ""), reasons);
        }
        for (Action a : plan.actions()) {
            if (a.bytes() > options.maxFileSize()) {
                throw new ApplyException(ApplyException.Code.LIMIT, "batch refused: " + a.path() + " is "
                        + a.bytes() + " bytes, above the limit of " + options.maxFileSize()
                        + " (limits.max-file-size)", List.of(a.path().toString()));
            }
        }
        Optional<String> guard = options.force() ? Optional.empty() : options.guard().refusal(plan, target);
        if (guard.isPresent()) {
            throw new ApplyException(ApplyException.Code.MASS_DELETE, "mass delete refused, nothing changed: "
                    + guard.get() + "; check the source, then repeat with --force", List.of());
        }
    }

    /** Null if the name a hard link points to may be linked to, else why not: the same root, confined alike. */
    private String linkViolation(Confinement confinement, Action.MakeLink l) throws IOException {
        RelPath first = l.entry().linkedTo();
        String why = confinement.violation(first);
        if (why != null) {
            return l.path() + ": hard link to " + why;
        }
        if (!rules.rootOf(first).equals(rules.rootOf(l.path()))) {
            return l.path() + ": hard link to " + first + ", which is in another sync root";
        }
        return null;
    }

    private static void discardQuietly(BackupStore.Batch batch) {
        try {
            batch.discard();
        } catch (IOException e) {
            LOG.warn("could not remove the backups of an aborted batch at {}: {}", batch.path(), e.toString());
        }
    }

    /**
     * Removes temporary files a dead session left under the node's roots. Called when a receiver
     * starts, before any batch.
     *
     * @return how many were removed
     * @throws IOException if a root cannot be walked
     */
    public int sweepTemporaryFiles() throws IOException {
        int removed = 0;
        for (var root : rules.roots()) {
            Path p = root.path().resolveIn(base);
            boolean dir = Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            // A named file's temporaries sit beside it: look at its directory, not below it.
            Path where = dir ? p : p.getParent();
            if (where == null || !Files.isDirectory(where, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            List<Path> stale;
            try (var walk = Files.walk(where, dir ? Integer.MAX_VALUE : 1)) {
                stale = walk.filter(x -> PathRules.isTempName(x.getFileName().toString())).toList();
            }
            for (Path s : stale) {
                BackupStore.deleteTree(s);
                LOG.info("removed stale temporary file {}", s);
                removed++;
            }
        }
        return removed;
    }

    /** Moves a staged entry into place atomically. */
    static void renameIntoPlace(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
