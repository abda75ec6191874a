package io.confsync.transfer.handoff;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-shot command handed to the running service, as the client resolved it: the configuration
 * file (absolute: the service does not share the client's working directory or environment), the
 * state directory if the command line named one, and the command line itself.
 *
 * @param config   the configuration file the client read, absolute
 * @param stateDir the {@code --state-dir} of the command line, absolute; empty for none
 * @param args     the command line, the subcommand first
 */
public record CommandRequest(String config, String stateDir, List<String> args) {

    /** The greeting's first word and version. */
    static final String MAGIC = "confsync-command/1";
    private static final int MAX_ARGS = 1024;
    private static final int MAX_STRING = 64 * 1024;

    public CommandRequest {
        args = List.copyOf(args);
    }

    void write(DataOutputStream out) throws IOException {
        string(out, config);
        string(out, stateDir);
        out.writeInt(args.size());
        for (String a : args) {
            string(out, a);
        }
        out.flush();
    }

    /**
     * Reads a request, bounded in count and size.
     *
     * @throws IOException if it is cut or exceeds the bounds
     */
    static CommandRequest read(DataInputStream in) throws IOException {
        String config = string(in);
        String stateDir = string(in);
        int n = in.readInt();
        if (n < 0 || n > MAX_ARGS) {
            throw new IOException("command request of " + n + " arguments");
        }
        List<String> args = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            args.add(string(in));
        }
        return new CommandRequest(config, stateDir, args);
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) {
            throw new IOException("command request string of " + n + " bytes");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
