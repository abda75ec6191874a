package io.confsync.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration file and state directory of a command line, read without picocli by the
 * shortcuts that hand work to the running service before the rest is loaded ({@link RelayShortcut},
 * {@link CommandShortcut}).
 *
 * @param config   {@code --config}'s value, null if not given
 * @param stateDir {@code --state-dir}'s value, null if not given
 * @param rest     every other argument after the subcommand, in order
 */
record ShortcutArgs(String config, String stateDir, List<String> rest) {

    /** Reads {@code args} after the subcommand (its first element). */
    static ShortcutArgs of(String[] args) {
        String config = null;
        String stateDir = null;
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("--config") || a.equals("-c")) && i + 1 < args.length) {
                config = args[++i];
            } else if (a.startsWith("--config=")) {
                config = a.substring("--config=".length());
            } else if (a.equals("--state-dir") && i + 1 < args.length) {
                stateDir = args[++i];
            } else if (a.startsWith("--state-dir=")) {
                stateDir = a.substring("--state-dir=".length());
            } else {
                rest.add(a);
            }
        }
        return new ShortcutArgs(config, stateDir, List.copyOf(rest));
    }

    /** The configuration file to read: {@code --config}, else the environment's, else the default. */
    Path configFile() {
        return CommonOptions.configPath(config);
    }

    /** The state directory of the command line, absolute; null if it names none. */
    Path stateDirOption() {
        return stateDir == null ? null : Paths.get(stateDir).toAbsolutePath();
    }
}
