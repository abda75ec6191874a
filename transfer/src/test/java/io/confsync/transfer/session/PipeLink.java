package io.confsync.transfer.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A link to a {@link Receiver} served on a thread through in-memory pipes. */
public final class PipeLink implements Link {

    private final PipedInputStream fromReceiver = new PipedInputStream(1 << 20);
    private final PipedOutputStream toReceiver = new PipedOutputStream();
    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    /** Completes when the receiver's session ends; holds its failure if it failed. */
    public final CompletableFuture<Void> served = new CompletableFuture<>();

    /** Starts serving one session of {@code receiver}. */
    public PipeLink(Receiver receiver) {
        try {
            PipedInputStream receiverIn = new PipedInputStream(toReceiver, 1 << 20);
            PipedOutputStream receiverOut = new PipedOutputStream(fromReceiver);
            thread.execute(() -> {
                try (receiverIn; receiverOut) {
                    receiver.serve(receiverIn, receiverOut);
                    served.complete(null);
                } catch (IOException | RuntimeException e) {
                    served.completeExceptionally(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream in() {
        return fromReceiver;
    }

    @Override
    public OutputStream out() {
        return toReceiver;
    }

    @Override
    public String describe() {
        return "pipe";
    }

    @Override
    public void close() throws IOException {
        toReceiver.close();
        thread.shutdown();
    }
}
