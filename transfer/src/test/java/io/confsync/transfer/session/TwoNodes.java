package io.confsync.transfer.session;

import io.confsync.manifest.HashCache;
import io.confsync.manifest.JimfsTrees;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.SyncRoot;
import io.confsync.manifest.plan.PlanOptions;
import io.confsync.transfer.apply.ApplyOptions;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/** Source n1 at {@code /n1} and standby n2 at {@code /n2} of cluster c1, on one Jimfs, syncing {@code etc/app}. */
public final class TwoNodes implements AutoCloseable {

    /** Far enough ahead that no file is racy-clean. */
    public static final Clock LATER = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    public static final PathRules RULES = new PathRules(List.of(SyncRoot.of(RelPath.of("etc/app"))));

    public final FileSystem fs;
    public final Path src;
    public final Path dst;

    public TwoNodes() throws IOException {
        fs = JimfsTrees.unix();
        src = Files.createDirectories(fs.getPath("/n1"));
        dst = Files.createDirectories(fs.getPath("/n2"));
    }

    /** A receiver of n2 that admits any epoch. */
    public Receiver receiver() {
        return receiver(RULES);
    }

    /** A receiver of n2 that admits any epoch and syncs by {@code rules}. */
    public Receiver receiver(PathRules rules) {
        return new Receiver(new ReceiverSettings("c1", "n2", Set.of("n1"), dst, rules, fs.getPath("/state2"), 5,
                ApplyOptions.defaults(), 1L << 30, ProtocolLimits.DEFAULT, List.of(), null, new OpenFence()), LATER);
    }

    /** One push of n1's tree through {@code link}. */
    public NodeReport push(Link link, boolean dryRun) {
        NodePush.Settings s = new NodePush.Settings("c1", "n1", 1, src, PlanOptions.defaults(), false, dryRun, 1L << 30,
                ProtocolLimits.DEFAULT);
        return NodePush.run("n2", link, s, () -> new Scanner(new HashCache(), LATER).scan(src, RULES), 1);
    }

    /** The manifest of a node's tree. */
    public Manifest scan(Path base) throws IOException {
        return scan(base, RULES);
    }

    /** The manifest of a node's tree by {@code rules}. */
    public Manifest scan(Path base, PathRules rules) throws IOException {
        return new Scanner(new HashCache(), LATER).scan(base, rules).manifest();
    }

    @Override
    public void close() throws IOException {
        fs.close();
    }
}
