package io.confsync.transfer.session;

import io.confsync.manifest.FileKind;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Stat;
import io.confsync.transfer.apply.Locator;
import io.confsync.transfer.delta.DeltaEngine;
import io.confsync.transfer.delta.Signature;
import io.confsync.transfer.protocol.Message;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What a receiver reads of its own files for a sender: block signatures for deltas, and a file's
 * content for {@code audit --diff}. Only inside this node's roots, and through the same confined
 * {@link Locator} as its writes, so that a directory swapped for a symlink cannot make it read (and
 * send) what lies outside.
 */
final class LocalReads {

    private final ReceiverSettings settings;

    LocalReads(ReceiverSettings settings) {
        this.settings = settings;
    }

    /** The signature of a file of this node, or {@link Signature#NONE} (not a file, too small, unreadable). */
    Signature signature(RelPath path) {
        if (!settings.rules().includes(path)) {
            return Signature.NONE;
        }
        try (Locator at = Locator.of(settings.base())) {
            Path p = at.locate(path);
            Stat st = Stat.of(p);
            if (st.kind() != FileKind.FILE || st.size() < DeltaEngine.WHOLE_FILE_THRESHOLD) {
                return Signature.NONE;
            }
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                return DeltaEngine.signature(in, st.size());
            }
        } catch (IOException e) {
            return Signature.NONE;
        }
    }

    /** A file's bytes for a read-only audit; regular files inside this node's roots only. */
    Message.ContentReply content(RelPath path) {
        if (!settings.rules().includes(path)) {
            return new Message.ContentReply(new byte[0], "not in this node's sync set");
        }
        try (Locator at = Locator.of(settings.base())) {
            Path p = at.locate(path);
            Stat st = Stat.of(p);
            int max = settings.limits().maxFrame() - 4096;
            if (st.kind() != FileKind.FILE) {
                return new Message.ContentReply(new byte[0], "not a regular file");
            }
            if (st.size() > max) {
                return new Message.ContentReply(new byte[0], "larger than " + max + " bytes");
            }
            try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                return new Message.ContentReply(in.readNBytes(max), "");
            }
        } catch (IOException e) {
            return new Message.ContentReply(new byte[0], e instanceof NoSuchFileException ? "missing"
                    : "unreadable: " + e.getMessage());
        }
    }
}
