package io.confsync.cli;

import io.confsync.conf.ConfigLoader;
import io.confsync.transfer.handoff.Relay;
import io.confsync.transfer.handoff.ServiceSocket;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code confsync receive --stdio} handed to the running service before picocli, logging and the
 * YAML parser are even loaded: in a cold JVM those cost 0.35-0.45 s of CPU and of latency on every
 * exec-transport session, and the relay needs none of them. It needs the socket, found from the
 * {@code state-dir} line of the configuration file; the service checks the file's fingerprint, so
 * a path found wrongly reaches no service, or one that declines. Anything this does not handle
 * (another option, an unusual {@code state-dir} value, no service, a declined session) goes the
 * normal way through {@link ReceiveCommand}, which tries the service again and receives itself.
 */
final class RelayShortcut {

    private static final java.util.Set<String> LOGGING = java.util.Set.of("-v", "--verbose", "--debug");

    /** Set once this process has offered its session to the service. */
    private static volatile boolean attempted;

    private RelayShortcut() {
    }

    /**
     * Relays the session if the command line is {@code receive --stdio} with at most {@code --config}, {@code --node},
     * {@code --state-dir} and logging options, and the service took the session.
     *
     * @return the exit code if the session was handed over (served or broken), empty to go the normal way
     */
    static OptionalInt run(String[] args, PrintStream err) {
        if (args.length < 2 || !args[0].equals("receive") || !List.of(args).contains("--stdio")) {
            return OptionalInt.empty();
        }
        ShortcutArgs parsed = ShortcutArgs.of(args);
        // Logging concerns only a receiving process; the service is this state directory's node whatever
        // --node says (a forced command on a node that shares its configuration file names its node).
        List<String> rest = parsed.rest();
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--node") && i + 1 < rest.size()) {
                i++;
            } else if (!a.equals("--stdio") && !LOGGING.contains(a) && !a.startsWith("--node=")) {
                return OptionalInt.empty();
            }
        }
        Path socket;
        String fingerprint;
        try {
            byte[] bytes = Files.readAllBytes(parsed.configFile());
            Path dir = parsed.stateDir() != null ? parsed.stateDirOption() : stateDir(bytes);
            if (dir == null) {
                return OptionalInt.empty();
            }
            socket = dir.resolve(ServiceSocket.FILE_NAME);
            fingerprint = ConfigLoader.fingerprint(bytes);
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty(); // the normal way reports it properly
        }
        try {
            return handOver(socket, fingerprint, err) ? OptionalInt.of(ExitCode.OK) : OptionalInt.empty();
        } catch (IOException e) {
            err.println("confsync: the session handed to the running service broke: " + e.getMessage());
            return OptionalInt.of(ExitCode.ERROR);
        }
    }

    /** Whether this process already asked the service (then {@link ReceiveCommand} does not ask again). */
    static boolean attempted() {
        return attempted;
    }

    /**
     * Offers standard input and output to the service on {@code socket}; says why on {@code err} if it
     * declines.
     *
     * @return true if the service served the session
     * @throws IOException if the session broke after the service took it
     */
    static boolean handOver(Path socket, String fingerprint, PrintStream err) throws IOException {
        attempted = true;
        // Channels on descriptors 0 and 1, never closed here: the session may still be received here.
        Relay.Outcome o = Relay.attempt(socket, fingerprint, new FileInputStream(FileDescriptor.in).getChannel(),
                new FileOutputStream(FileDescriptor.out).getChannel());
        if (o instanceof Relay.Outcome.Declined d) {
            err.println("confsync: not handed to the running service (" + d.why() + "); receiving in this process");
        }
        return o instanceof Relay.Outcome.Relayed;
    }

    /** The state directory a configuration names, its default if it names none, null if unsure. */
    static Path stateDir(byte[] config) {
        String text = new String(config, StandardCharsets.UTF_8);
        // A top-level "state-dir: /absolute/path", optionally quoted, optionally commented. Compiled
        // here, not in a static field: every command passes through this class, and only a relay needs it.
        Matcher m = Pattern.compile("^state-dir:[ \\t]*(['\"]?)(/[^'\"#\\\\\\r\\n]*?)\\1[ \\t]*(?:#.*)?\\r?$",
                Pattern.MULTILINE).matcher(text);
        if (m.find()) {
            return Paths.get(m.group(2));
        }
        return text.contains("state-dir") ? null : Paths.get(ConfigLoader.DEFAULT_STATE_DIR);
    }
}
