package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confsync.manifest.FileEntry;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import io.confsync.transfer.protocol.FrameReader;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolException;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standby's manifest learnt by a walk down its digest tree, against the whole manifest of the same scan. */
class TreeWalkTest {

    private static final Fence.Standing N1_AT_1 = new Fence.Standing(1, "n1", 3);

    private TwoNodes nodes;

    @BeforeEach
    void setUp() throws Exception {
        nodes = new TwoNodes();
        for (int d = 0; d < 6; d++) {
            for (int f = 0; f < 8; f++) {
                JimfsTrees.write(nodes.src, "etc/app/d" + d + "/f" + f + ".conf", "d" + d + " f" + f + "\n");
            }
            JimfsTrees.write(nodes.src, "etc/app/d" + d + "/sub/deep.conf", "deep " + d + "\n");
        }
        JimfsTrees.write(nodes.src, "etc/app/top.conf", "top\n");
        copy(nodes.src, nodes.dst);
    }

    @AfterEach
    void tearDown() throws Exception {
        nodes.close();
    }

    @Test
    void manifest_standbyEqual_oneRoundTripOfFewBytesAndTheSourcesEntries() throws Exception {
        Manifest like = nodes.scan(nodes.src);
        try (Session s = Session.open(nodes, false)) {
            long before = s.sender.wireBytes();

            Manifest walked = s.sender.manifest(like);

            assertThat(walked).isSameAs(like);
            assertThat(s.sender.wireBytes() - before).isLessThan(100);
            assertThat(walked).isEqualTo(s.sender.manifest());
        }
    }

    @Test
    void manifest_oneFileChangedOnStandby_sendsOnlyThatEntryAndTheListingsAboveIt() throws Exception {
        JimfsTrees.write(nodes.dst, "etc/app/d3/f5.conf", "changed on the standby\n");
        Manifest like = nodes.scan(nodes.src);
        try (Session s = Session.open(nodes, true)) {
            long before = s.sender.wireBytes();

            Manifest walked = s.sender.manifest(like);
            long walkBytes = s.sender.wireBytes() - before;
            long wholeBefore = s.sender.wireBytes();
            Manifest whole = s.sender.manifest();

            assertThat(walked).isEqualTo(whole);
            assertThat(walked.get(RelPath.of("etc/app/d0/f0.conf")))
                    .isSameAs(like.get(RelPath.of("etc/app/d0/f0.conf")));
            assertThat(walkBytes).isLessThan((s.sender.wireBytes() - wholeBefore) / 4);
        }
    }

    @Test
    void manifest_randomEditsOnStandby_equalsTheWholeManifest() throws Exception {
        PathRules all = new PathRules(List.of(SyncRoot.of(RelPath.ROOT)));
        for (long seed = 1; seed <= 40; seed++) {
            nodes.close();
            setUp();
            PathRules rules = seed % 4 == 1 ? all : TwoNodes.RULES; // the base itself an entry, or not
            Manifest like = nodes.scan(nodes.src, rules);
            edit(nodes.dst, new Random(seed));
            try (Session s = Session.open(nodes, rules, seed % 2 == 0)) {
                if (seed % 3 == 0) {
                    s.sender.askScan(); // then the walk's first round takes the scan asked ahead
                }
                Manifest walked = s.sender.manifest(like);

                assertThat(walked).as("seed %d", seed).isEqualTo(s.sender.manifest());
            }
        }
    }

    @Test
    void manifest_wholeAfterAScanAskedAhead_isTheWholeManifest() throws Exception {
        try (Session s = Session.open(nodes, true)) {
            Manifest whole = s.sender.manifest();
            s.sender.askScan();

            assertThat(s.sender.manifest()).isEqualTo(whole).isNotEmpty();
        }
    }

    @Test
    void manifest_emptyStandby_dropsEverythingOfTheSource() throws Exception {
        delete(nodes.dst.resolve("etc"));
        try (Session s = Session.open(nodes, true)) {
            assertThat(s.sender.manifest(nodes.scan(nodes.src)).isEmpty()).isTrue();
        }
    }

    @Test
    void manifest_baseIsSyncedAndDiffers_takesTheStandbysRootEntry() throws Exception {
        PathRules all = new PathRules(List.of(SyncRoot.of(RelPath.ROOT)));
        Manifest like = nodes.scan(nodes.src, all);
        assertThat(like.get(RelPath.ROOT)).isNotNull();
        Files.setPosixFilePermissions(nodes.dst, PosixFilePermissions.fromString("rwx------"));
        try (Session s = Session.open(nodes, all, true)) {
            assertThat(s.sender.manifest(like)).isEqualTo(s.sender.manifest());
        }
        delete(nodes.dst);
        try (Session s = Session.open(nodes, all, true)) {
            assertThat(s.sender.manifest(like).isEmpty()).isTrue();
        }
    }

    /** A walk against a standby that answers its first question with {@code script} is refused, naming {@code why}. */
    private void assertRefused(FakeStandby.Script script, String why) throws Exception {
        Manifest like = nodes.scan(nodes.src);
        try (FakeStandby f = new FakeStandby(Versions.CURRENT)) {
            f.answer(script);
            assertThatThrownBy(() -> f.sender.manifest(like)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining(why);
        }
    }

    @Test
    void manifest_standbyListsWhatWasNotAsked_isProtocolError() throws Exception {
        assertRefused(w -> {
            w.write(new Message.TreeListing(RelPath.of("etc/evil"), null, List.of()));
            w.send(new Message.ManifestChunk(List.of(), true));
        }, "etc/evil");
    }

    @Test
    void manifest_standbyRepeatsAnEmptyListing_isProtocolErrorNotAHang() throws Exception {
        assertRefused(w -> {
            w.write(new Message.TreeListing(RelPath.ROOT, null, List.of()));
            w.send(new Message.TreeListing(RelPath.ROOT, null, List.of()));
        }, "nothing in it");
    }

    @Test
    void manifest_standbySendsEmptyChunksThatAreNotLast_isProtocolError() throws Exception {
        assertRefused(w -> w.send(new Message.ManifestChunk(List.of(), false)), "empty manifest chunk");
    }

    @Test
    void manifest_standbySendsEntriesNotAsked_isProtocolError() throws Exception {
        FileEntry stray = nodes.scan(nodes.src).get(RelPath.of("etc/app/top.conf"));
        assertRefused(w -> w.send(new Message.ManifestChunk(List.of(stray), true)), "etc/app/top.conf");
    }

    @Test
    void manifest_peerOfProtocolFour_fetchesTheWholeManifest() throws Exception {
        Manifest like = nodes.scan(nodes.src);
        try (FakeStandby f = new FakeStandby(Versions.ATTRIBUTES)) {
            f.answer(w -> w.send(new Message.ManifestChunk(List.copyOf(like.entries()), true)));

            assertThat(f.sender.manifest(like)).isEqualTo(like);
            assertThat(f.asked.get(10, TimeUnit.SECONDS)).isInstanceOf(Message.ManifestRequest.class);
        }
    }

    /** Edits the standby's tree: content, modes, deletes, adds, and files and directories swapped. */
    private static void edit(Path base, Random r) throws IOException {
        Path app = base.resolve("etc/app");
        for (int i = 0; i < 1 + r.nextInt(4); i++) {
            Path d = app.resolve("d" + r.nextInt(6));
            Path f = d.resolve("f" + r.nextInt(8) + ".conf");
            switch (r.nextInt(8)) {
                case 0 -> { if (Files.exists(f)) JimfsTrees.write(base, base.relativize(f).toString(), "edit " + i); }
                case 1 -> { if (Files.exists(f)) Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------")); }
                case 2 -> delete(f);
                case 3 -> delete(d);
                case 4 -> JimfsTrees.write(base, "etc/app/new" + i + "/x.conf", "new");
                case 5 -> { delete(f); JimfsTrees.write(base, base.relativize(f.resolve("inside")).toString(), "was a file"); }
                case 6 -> { delete(d); JimfsTrees.write(base, base.relativize(d).toString(), "was a directory"); }
                default -> { if (Files.isDirectory(d)) Files.setLastModifiedTime(d, java.nio.file.attribute.FileTime.fromMillis(1_000L * i)); }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted().toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        try (Stream<Path> all = Files.walk(from)) { // directory times last: the copies inside touched them
            for (Path p : all.filter(Files::isDirectory).toList()) {
                Files.setLastModifiedTime(to.resolve(from.relativize(p).toString()), Files.getLastModifiedTime(p));
            }
        }
    }

    private static void delete(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    /** A session with the real receiver of n2. */
    private record Session(PipeLink link, Sender sender) implements AutoCloseable {
        static Session open(TwoNodes nodes, boolean push) throws IOException {
            return open(nodes, TwoNodes.RULES, push);
        }

        static Session open(TwoNodes nodes, PathRules rules, boolean push) throws IOException {
            PipeLink link = new PipeLink(nodes.receiver(rules));
            Sender s = new Sender(link.in(), link.out(), ProtocolLimits.DEFAULT);
            s.open("c1", "n1", N1_AT_1, push);
            return new Session(link, s);
        }

        @Override
        public void close() throws Exception {
            sender.close();
            link.served.get(10, TimeUnit.SECONDS);
            link.close();
        }
    }

    /** A standby that says hello with {@code version} and answers one question as told. */
    private static final class FakeStandby implements AutoCloseable {
        final Sender sender;
        final CompletableFuture<Message> asked = new CompletableFuture<>();
        private final PipedOutputStream toSender = new PipedOutputStream();
        private final PipedInputStream fromSender = new PipedInputStream(1 << 20);
        private final FrameReader reader;
        private final FrameWriter writer;
        private final int version;

        FakeStandby(int version) throws IOException {
            this.version = version;
            PipedInputStream senderIn = new PipedInputStream(toSender, 1 << 20);
            PipedOutputStream senderOut = new PipedOutputStream(fromSender);
            reader = new FrameReader(fromSender, ProtocolLimits.DEFAULT);
            writer = new FrameWriter(toSender, ProtocolLimits.DEFAULT);
            sender = new Sender(senderIn, senderOut, ProtocolLimits.DEFAULT);
        }

        interface Script {
            void run(FrameWriter w) throws IOException;
        }

        /** Says hello, then answers the first question after it with {@code script}. */
        void answer(Script script) throws Exception {
            CompletableFuture<Void> hello = CompletableFuture.runAsync(() -> {
                try {
                    reader.expect(Message.Hello.class);
                    writer.send(new Message.Hello(version, 1, "c1", "n2", 1, 3, "n1", false, ""));
                    reader.speak(version);
                    writer.speak(version);
                    asked.complete(reader.read());
                    script.run(writer);
                } catch (IOException e) {
                    asked.completeExceptionally(e);
                }
            });
            sender.open("c1", "n1", N1_AT_1, false);
            assertThat(hello.isCompletedExceptionally()).isFalse();
        }

        @Override
        public void close() throws IOException {
            toSender.close();
            fromSender.close();
        }
    }
}
