package io.confsync.transfer.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.plan.Action;
import io.confsync.manifest.plan.Plan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ParallelWritesTest {

    private static FileEntry file(String path, long size) {
        return new FileEntry(RelPath.of(path), FileKind.FILE, size, 0644, "root", "root", 0, 0, 0,
                Digest.of(new byte[0]), null);
    }

    private static Plan plan(int files) {
        List<Action> actions = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            actions.add(new Action.PutFile(file("etc/d" + i % 3 + "/f" + i, 10), null));
        }
        return new Plan(actions);
    }

    @Test
    void forPlan_smallBatch_takesNothing() {
        try (ParallelWrites w = ParallelWrites.forPlan(plan(ParallelWrites.MIN_FILES - 1))) {
            assertThat(w.takes(file("etc/a", 10))).isFalse();
        }
    }

    @Test
    void takes_largeBatch_smallFilesOnly() {
        try (ParallelWrites w = ParallelWrites.forPlan(plan(ParallelWrites.MIN_FILES))) {
            assertThat(w.takes(file("etc/a", 0))).isTrue();
            assertThat(w.takes(file("etc/a", ParallelWrites.MAX_FILE))).isTrue();
            assertThat(w.takes(file("etc/a", ParallelWrites.MAX_FILE + 1L))).isFalse();
        }
    }

    @Test
    void submit_manyWrites_runOnHelperThreadsWithOneDirectoryPerThread() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        ConcurrentHashMap<String, Set<String>> threadsByDirectory = new ConcurrentHashMap<>();
        try (ParallelWrites w = ParallelWrites.forPlan(plan(64))) {
            for (int i = 0; i < 64; i++) {
                RelPath p = RelPath.of("etc/d" + i % 5 + "/f" + i);
                w.submit(p, 1000, () -> {
                    threads.add(Thread.currentThread().getName());
                    threadsByDirectory.computeIfAbsent(p.parent().toString(), k -> ConcurrentHashMap.newKeySet())
                            .add(Thread.currentThread().getName());
                });
            }
            assertThat(w.finish()).isEmpty();
        }
        assertThat(threads).allMatch(t -> t.startsWith("confsync-stage-"));
        assertThat(threadsByDirectory).hasSize(5).allSatisfy((dir, names) -> assertThat(names).hasSize(1));
    }

    @Test
    void finish_writeFailed_reportsTheFirstFailureWithItsPath() throws Exception {
        try (ParallelWrites w = ParallelWrites.forPlan(plan(32))) {
            w.submit(RelPath.of("etc/ok"), 10, () -> { });
            w.submit(RelPath.of("etc/bad"), 10, () -> {
                throw new IOException("No space left on device");
            });
            Optional<ParallelWrites.Failure> f = w.finish();
            assertThat(f).isPresent();
            assertThat(f.get().path()).isEqualTo(RelPath.of("etc/bad"));
            assertThat(f.get().cause()).hasMessage("No space left on device");
        }
    }

    @Test
    void close_writeRunning_interruptsItAndReturnsWhenItEnded() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        ParallelWrites w = ParallelWrites.forPlan(plan(32));
        w.submit(RelPath.of("etc/slow"), 10, () -> {
            started.countDown();
            try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                ended.countDown();
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        w.close();

        assertThat(ended.getCount()).isZero();
    }

    @Test
    void submit_budgetUsedUp_waitsForRoomInsteadOfBufferingMore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ParallelWrites w = ParallelWrites.forPlan(plan(32))) {
            w.submit(RelPath.of("etc/a/held"), ParallelWrites.BUDGET, () -> {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Thread second = new Thread(() -> {
                try {
                    w.submit(RelPath.of("etc/b/next"), 1, () -> { });
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            second.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (second.getState() != Thread.State.WAITING && second.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(second.getState()).isEqualTo(Thread.State.WAITING); // parked on the budget
            release.countDown();
            second.join(10_000);
            assertThat(second.isAlive()).isFalse();
            assertThat(w.finish()).isEmpty();
        }
    }
}
