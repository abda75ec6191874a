package io.confsync.transfer.handoff;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What a handed-off command sends back: frames of its standard output and error, as they come,
 * then its exit code. A frame is a kind byte, then the length and the bytes (output), or the code
 * (exit).
 */
final class CommandOutput {

    static final int OUT = 1;
    static final int ERR = 2;
    static final int EXIT = 3;
    private static final int MAX_FRAME = 1 << 20;

    private CommandOutput() {
    }

    static void data(DataOutputStream frames, int kind, byte[] b, int off, int len) throws IOException {
        for (int done = 0; done < len; ) {
            int n = Math.min(len - done, MAX_FRAME);
            frames.writeByte(kind);
            frames.writeInt(n);
            frames.write(b, off + done, n);
            done += n;
        }
    }

    static void exit(DataOutputStream frames, int code) throws IOException {
        frames.writeByte(EXIT);
        frames.writeInt(code);
        frames.flush();
    }

    /**
     * Copies the frames to {@code out} and {@code err} until the exit frame.
     *
     * @return the exit code
     * @throws IOException if the service ends the connection before the exit frame, or sends garbage
     */
    static int copy(DataInputStream frames, OutputStream out, OutputStream err) throws IOException {
        try {
            while (true) {
                int kind = frames.readUnsignedByte();
                if (kind == EXIT) {
                    return frames.readInt();
                }
                int n = frames.readInt();
                if ((kind != OUT && kind != ERR) || n < 0 || n > MAX_FRAME) {
                    throw new IOException("bad frame from the service (kind " + kind + ", " + n + " bytes)");
                }
                OutputStream to = kind == OUT ? out : err;
                to.write(frames.readNBytes(n));
                to.flush();
            }
        } catch (EOFException e) {
            throw new IOException("the service ended the connection before the command's end");
        }
    }
}
