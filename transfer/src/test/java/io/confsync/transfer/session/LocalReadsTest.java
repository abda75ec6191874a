package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import io.confsync.transfer.apply.ApplyOptions;
import io.confsync.transfer.protocol.Message;
import io.confsync.transfer.protocol.ProtocolLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A receiver's reads for a sender, on the real file system: inside its roots, never through a symlink. */
class LocalReadsTest {

    @TempDir
    Path tmp;

    private LocalReads reads(Path base) {
        return new LocalReads(new ReceiverSettings("c1", "n2", Set.of("n1"), base,
                new PathRules(List.of(SyncRoot.of(RelPath.of("etc/app")))), tmp.resolve("state"), 5,
                ApplyOptions.defaults(), 1L << 30, ProtocolLimits.DEFAULT, List.of(), null, new OpenFence()));
    }

    @Test
    void content_directorySwappedForASymlinkToASecret_notRead() throws Exception {
        Path base = Files.createDirectories(tmp.resolve("n2"));
        Files.createDirectories(base.resolve("etc/app"));
        Files.writeString(base.resolve("etc/app/plain.conf"), "plain\n");
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("shadow"), "root:$6$secret\n");
        Files.createSymbolicLink(base.resolve("etc/app/sub"), outside);

        Message.ContentReply plain = reads(base).content(RelPath.of("etc/app/plain.conf"));
        Message.ContentReply through = reads(base).content(RelPath.of("etc/app/sub/shadow"));

        assertThat(new String(plain.data())).isEqualTo("plain\n");
        assertThat(through.data()).isEmpty();
        assertThat(through.problem()).isNotEmpty();
    }
}
