package io.confsync.transfer.apply;

import io.confsync.manifest.Digest;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.Stat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Writes one staged file: created beside its target (O_EXCL, mode 0600), its content checked against
 * the entry's size and XXH64, then given the entry's owner, mode and mtime. Called by the reader of
 * a batch and by the helper threads of {@link ParallelWrites} alike; holds no state.
 */
final class StagedFile {

    /** The content of one staged file, written to it. */
    @FunctionalInterface
    interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private StagedFile() {
    }

    /**
     * Creates {@code temp} with {@code body} as its content and {@code e}'s metadata.
     *
     * @throws ApplyException with code VERIFY if the content is not the entry's
     */
    static void write(Path temp, FileEntry e, Body body, MetadataWriter metadata) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(Stat.permissionsOf(0600)))) {
            HashingOutput out = new HashingOutput(Channels.newOutputStream(ch));
            body.writeTo(out);
            out.flush();
            Digest.Hasher.Result r = out.result();
            if (r.length() != e.size() || !r.digest().equals(e.digest())) {
                throw new ApplyException(ApplyException.Code.VERIFY, "batch aborted, nothing changed: " + e.path()
                        + " arrived as " + r.length() + " bytes with digest " + r.digest() + ", expected " + e.size()
                        + " bytes with " + e.digest() + " (changed on the source while copied?)",
                        List.of(e.path() + ": digest mismatch"));
            }
        }
        metadata.apply(temp, e);
    }

    /** An output stream that hashes and counts what passes through. */
    private static final class HashingOutput extends OutputStream {
        private final OutputStream out;
        private final Digest.Hasher hasher = Digest.hasher();

        HashingOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            hasher.update(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        Digest.Hasher.Result result() {
            return hasher.result();
        }
    }
}
