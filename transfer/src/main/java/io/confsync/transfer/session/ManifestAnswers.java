package io.confsync.transfer.session;

import io.confsync.manifest.DigestTree;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.Manifest;
import io.confsync.transfer.protocol.FrameWriter;
import io.confsync.transfer.protocol.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiver's side of manifest questions: a whole manifest in chunks, and one round of a walk
 * down its digest tree ({@link TreeWalk} is the source's side). Frames stay below the codec's
 * limits: at most {@code maxEntries} items and about {@link #CHUNK_BYTES} each.
 */
final class ManifestAnswers {

    /** Bytes of entries or children per frame, well below the frame limit. */
    static final int CHUNK_BYTES = 256 * 1024;

    private ManifestAnswers() {
    }

    /** Sends entries in manifest chunks, the last one marked (even when there are none). */
    static void entries(FrameWriter writer, Iterable<FileEntry> entries, int maxEntries) throws IOException {
        List<FileEntry> chunk = new ArrayList<>();
        int bytes = 0;
        for (FileEntry e : entries) {
            int size = Message.entryBytes(e);
            if (!chunk.isEmpty() && (bytes + size > CHUNK_BYTES || chunk.size() >= maxEntries)) {
                writer.write(new Message.ManifestChunk(chunk, false));
                chunk.clear();
                bytes = 0;
            }
            chunk.add(e);
            bytes += size;
        }
        writer.write(new Message.ManifestChunk(chunk, true));
    }

    /**
     * One round of a walk down {@code own}'s digest tree: a listing of each probed node whose digest
     * differs (in several frames when it has many children, the first with the node's own entry),
     * then the entries at or under each subtree asked.
     */
    static void tree(FrameWriter writer, Message.TreeQuery q, Manifest own, int maxEntries) throws IOException {
        for (Message.TreeQuery.Probe p : q.probes()) {
            DigestTree.Listing l = DigestTree.list(own, p.path());
            if (l.digest() == p.digest()) {
                continue;
            }
            List<DigestTree.Child> part = new ArrayList<>();
            FileEntry self = l.self();
            int bytes = 0;
            for (DigestTree.Child c : l.children()) {
                if (!part.isEmpty() && (bytes > CHUNK_BYTES || part.size() >= maxEntries)) {
                    writer.write(new Message.TreeListing(p.path(), self, part));
                    self = null;
                    part.clear();
                    bytes = 0;
                }
                part.add(c);
                bytes += c.name().length() * 3 + 11;
            }
            writer.write(new Message.TreeListing(p.path(), self, part));
        }
        List<FileEntry> asked = new ArrayList<>();
        q.subtrees().forEach(p -> own.subtree(p).forEach(asked::add));
        entries(writer, asked, maxEntries);
    }
}
