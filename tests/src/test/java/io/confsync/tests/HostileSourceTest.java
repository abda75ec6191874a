package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.plan.Action;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile source speaking hand-made frames to a real {@code confsync receive --stdio --in-process}:
 * whatever it announces, the receiver refuses within its bounds, and its memory stays under the
 * documented bound (README: 512 MiB of RSS).
 */
class HostileSourceTest {

    private static final long RSS_BOUND_KIB = 512 * 1024;

    @TempDir
    Path tmp;

    @Test
    void receive_planAsLargeAsASenderCanAnnounce_refusedWithRssUnderTheBound() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            cluster.stopServer("n2");
            Files.createDirectories(cluster.root("n2").resolve("etc/app"));
            Process p = new ProcessBuilder(Processes.launcher("receive", "--stdio", "--in-process", "--config",
                    cluster.config("n2").toString())).redirectError(tmp.resolve("receiver.err").toFile()).start();
            long peak = 0;
            try {
                FrameWriter w = new FrameWriter(p.getOutputStream(), ProtocolLimits.DEFAULT);
                w.send(new Message.Hello(1, 1, "test", "n1", 1, 1, "n1", true, ""));
                new FrameReader(p.getInputStream(), ProtocolLimits.DEFAULT).expect(Message.Hello.class);
                w.speak(1); // what this sender announced
                w.send(new Message.BatchBegin(1, 1_000_000, false, 2));
                String segment = "d".repeat(240);
                List<Action> chunk = new ArrayList<>();
                for (int i = 0; i < 512; i++) {
                    chunk.add(new Action.MakeDirectory(new FileEntry(RelPath.of("etc/app/" + segment + i),
                            FileKind.DIRECTORY, 0, 0755, "root", "root", 0, 0, 0, null, null)));
                }
                try {
                    for (int i = 0; i < 2000 && p.isAlive(); i++) {
                        w.write(new Message.PlanChunk(chunk));
                        if (i % 50 == 0) {
                            w.flush();
                            peak = Math.max(peak, peakRssKib(p.pid()));
                        }
                    }
                    w.flush();
                } catch (IOException closed) {
                    // the receiver refused and closed its end
                }
                peak = Math.max(peak, peakRssKib(p.pid()));
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            } finally {
                Processes.stop(p);
            }
            String err = Files.readString(tmp.resolve("receiver.err"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(err).isNotZero();
            assertThat(err).contains("bound on a plan in memory");
            assertThat(peak).as("peak RSS %d KiB", peak).isPositive().isLessThan(RSS_BOUND_KIB);
        }
    }

    /** An epoch of 2^63-1 in a hello was once adopted durably, after which every promote failed. */
    @Test
    void receive_helloWithAnEpochNoPromoteMakes_refusedNotAdoptedAndPromoteStillWorks() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            assertThat(cluster.source("sync").code()).isZero();
            cluster.stopServer("n2");
            Path state = cluster.state("n2").resolve("cluster-state");
            String before = Files.readString(state);
            Process p = new ProcessBuilder(Processes.launcher("receive", "--stdio", "--in-process", "--config",
                    cluster.config("n2").toString())).redirectError(tmp.resolve("receiver.err").toFile()).start();
            Message answer;
            try {
                FrameWriter w = new FrameWriter(p.getOutputStream(), ProtocolLimits.DEFAULT);
                w.send(new Message.Hello(1, 1, "test", "n1", Long.MAX_VALUE, 1, "n1", true, ""));
                answer = new FrameReader(p.getInputStream(), ProtocolLimits.DEFAULT).read();
                p.getOutputStream().close();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                Processes.stop(p);
            }

            assertThat(answer).isInstanceOfSatisfying(Message.Refused.class,
                    r -> assertThat(r.message()).contains("implausible epoch"));
            assertThat(Files.readString(state)).as("nothing adopted").isEqualTo(before);
            cluster.startServer("n2");
            CliRun promote = cluster.as("n2", "promote", "--force");
            assertThat(promote.code()).as(promote.out() + promote.err()).isZero();
        }
    }

    /** VmHWM of a process, in KiB; 0 once it is gone. */
    private static long peakRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
