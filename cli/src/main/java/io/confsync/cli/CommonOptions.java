package io.confsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.confsync.conf.Config;
import io.confsync.conf.ConfigException;
import io.confsync.conf.ConfigLoader;
import io.confsync.conf.NodeChoice;
import io.confsync.conf.ThisHost;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Options every subcommand takes: the configuration file, the state directory and logging. This
 * node comes from {@code CONFSYNC_NODE} here, and also from {@code --node} in {@link NodeOptions}
 * (every command but {@code audit}, whose {@code --node} chooses the nodes audited).
 */
public class CommonOptions {

    /** The default configuration file. */
    public static final String DEFAULT_CONFIG = "/etc/confsync/confsync.yaml";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: $CONFSYNC_CONFIG or " + DEFAULT_CONFIG + ").")
    String config;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "State directory: hash cache, backups (default: the config's state-dir, else "
                    + ConfigLoader.DEFAULT_STATE_DIR + " as root or ~/.local/state/confsync).")
    Path stateDir;

    /**
     * Set when the command runs in the service for a client ({@link HandedOffCommands}): the
     * configuration file and state directory the client resolved (its working directory and
     * environment are not the service's), and the lines of the service's log that are the command's
     * go to the client ({@link CommandLog}).
     */
    private final HandedOffCommands.Resolved handedOff;

    /** The options of a command run in its own process. */
    public CommonOptions() {
        this(null);
    }

    /** The options of a command the service runs for a client ({@link HandedOffCommands}). */
    CommonOptions(HandedOffCommands.Resolved handedOff) {
        this.handedOff = handedOff;
    }

    @Option(names = {"-v", "--verbose"}, description = "Log what is done, not only warnings.")
    boolean verbose;

    @Option(names = "--debug", description = "Log everything and print stack traces of errors.")
    boolean debug;

    /** Applies the logging options: warnings and errors unless asked for more. */
    public void configureLogging() {
        configureLogging(Level.WARN);
    }

    /**
     * Applies the logging options over a command's own default: the services log at INFO (a standby
     * that comes back, a catch-up and what it repaired, a reload), one-shot commands at WARN.
     */
    public void configureLogging(Level byDefault) {
        Level level = debug ? Level.DEBUG : verbose && byDefault.isGreaterOrEqual(Level.WARN) ? Level.INFO : byDefault;
        if (handedOff != null) {
            handedOff.log().level(level); // the log is the service's: only the client's share of it is chosen
            return;
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
    }

    /** True if the command runs in this node's service ({@code confsync run}), handed to it by a client. */
    boolean inService() {
        return handedOff != null;
    }

    /** A progress bar from {@code bar}, or none in the service (its stderr is not the client's terminal). */
    io.confsync.transfer.session.Progress progress(java.util.function.Supplier<io.confsync.transfer.session.Progress> bar) {
        return handedOff != null ? io.confsync.transfer.session.Progress.NONE : bar.get();
    }

    /** Where the command's links to other nodes come from: the service's connector when handed to it. */
    io.confsync.cluster.Probe.Lent connectors() {
        return handedOff != null ? handedOff.connectors() : io.confsync.cluster.Probe.Lent.OWN;
    }

    /** The configuration file to read. */
    Path configPath() {
        return handedOff != null ? handedOff.config() : configPath(config);
    }

    /** The configuration file named by {@code --config} (null if not given), else by the environment, else the default. */
    static Path configPath(String option) {
        String env = System.getenv("CONFSYNC_CONFIG");
        return Paths.get(option != null ? option : env != null && !env.isBlank() ? env : DEFAULT_CONFIG);
    }

    /**
     * Reads the configuration.
     *
     * @throws ConfigException if missing or invalid
     */
    public Config loadConfig() throws ConfigException {
        Config c = ConfigLoader.read(configPath(), nodeChoice(), ThisHost::detect);
        // Below the command line, the configuration is the one place the state directory comes from.
        Path dir = stateDirOption();
        return dir == null ? c : c.withStateDir(dir.toString());
    }

    /** The state directory: the option, else the given config value, else the default for this user. */
    public Path stateDir(Config configOrNull) {
        if (stateDirOption() != null) {
            return stateDirOption();
        }
        if (configOrNull != null) {
            return Paths.get(configOrNull.stateDir());
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Paths.get(ConfigLoader.DEFAULT_STATE_DIR);
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path home = xdg != null && !xdg.isBlank() ? Paths.get(xdg)
                : Paths.get(System.getProperty("user.home"), ".local", "state");
        return home.resolve("confsync");
    }

    /** {@code --state-dir}, absolute; null if not given. */
    private Path stateDirOption() {
        if (handedOff != null) {
            return handedOff.stateDir();
        }
        return stateDir == null ? null : stateDir.toAbsolutePath();
    }

    /** This node's name if given from outside the file: here, by {@code CONFSYNC_NODE}; null if not. */
    NodeChoice nodeChoice() {
        String env = System.getenv("CONFSYNC_NODE");
        return env == null || env.isBlank() ? null : new NodeChoice(env.trim(), "CONFSYNC_NODE");
    }

    /** This host's fully qualified name, for key comments. */
    static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
