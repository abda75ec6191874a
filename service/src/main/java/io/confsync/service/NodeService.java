package io.confsync.service;

import io.confsync.cluster.SourceClaim;
import io.confsync.cluster.Wiring;
import io.confsync.conf.ClusterState;
import io.confsync.conf.Config;
import io.confsync.conf.Units;
import io.confsync.conf.StateException;
import io.confsync.transfer.handoff.CommandSocket;
import io.confsync.transfer.handoff.ServiceSocket;
import io.confsync.transfer.session.Progress;
import io.confsync.watcher.ChangeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code confsync run} on one node: the handoff socket of the standby side on every node, and the
 * source's {@link SyncService} while this node is the source; waiting, checking the cluster state
 * every second, while it is not. A reload (SIGHUP) is taken between batches: a configuration that
 * does not validate is refused and the service goes on with the old one; a valid one replaces the
 * source's service once its batches in flight have finished (the new one starts with a full scan,
 * so nothing changed meanwhile is missed), and the handoff socket serves the new configuration's
 * sessions from then on. systemd is told of readiness, reloads and liveness through {@link Notify}.
 */
public final class NodeService {

    private static final Logger LOG = LoggerFactory.getLogger(NodeService.class);
    /** How often a standby's service checks whether it was promoted. */
    private static final long STATE_POLL_MS = 1000;
    /** How long a reload waits for a batch in flight: {@code limits.batch-time}'s default bound. */
    private static final Duration RELOAD_BATCH_WAIT = Duration.ofMinutes(30);
    /** How long the watchdog lets a first scan take: the unit's TimeoutStartSec. */
    private static final Duration FIRST_SCAN = Duration.ofMinutes(10);

    private final ConfigReload configs;
    private final Duration reconcile;
    private final boolean acceptNewHostKey;
    private final Notify notify;
    private final Consumer<String> say;
    private Optional<ServiceSocket> handoff = Optional.empty();
    /** Runs the one-shot commands handed to this service; null for none. */
    private CommandSocket.Commands commands;
    private Optional<CommandSocket> commandSocket = Optional.empty();
    private final ServiceMetrics metrics = new ServiceMetrics();
    /** Makes the progress bar of the first initial sync, given the number of standbys; null once used. */
    private java.util.function.IntFunction<Progress> firstSyncBar;
    /** The source's service while this node is the source, for the connectors lent to commands. */
    private volatile SyncService serving;

    /**
     * @param configs          the configuration and its reloads
     * @param reconcile        period of the full rescan
     * @param acceptNewHostKey trust unknown host keys of standbys
     * @param notify           systemd, if it runs the service
     * @param say              the service's own lines for its operator (role changes), on stderr
     */
    public NodeService(ConfigReload configs, Duration reconcile, boolean acceptNewHostKey, Notify notify,
                       Consumer<String> say) {
        this.configs = configs;
        this.reconcile = reconcile;
        this.acceptNewHostKey = acceptNewHostKey;
        this.notify = notify;
        this.say = say;
    }

    /**
     * Shows how far the first source service's pushes to its standbys are (the initial sync at
     * start), on a bar that {@code bar} makes for that many standbys: for a terminal.
     */
    public NodeService showingFirstSync(java.util.function.IntFunction<Progress> bar) {
        this.firstSyncBar = bar;
        return this;
    }

    /**
     * Runs the one-shot commands ({@code audit}, {@code status --live}) that clients of this user
     * hand over on the command socket of the state directory, with {@code commands}.
     */
    public NodeService answeringCommands(CommandSocket.Commands commands) {
        this.commands = commands;
        return this;
    }

    /**
     * The links of the commands handed to this service: while this node is the source, loans of its
     * push connector (no key exchange: a channel on the session each push holds open) when the
     * command's configuration and host-key policy are the service's, and its hash cache when the
     * configuration is; a connector and a cache of their own otherwise.
     */
    public io.confsync.cluster.Probe.Lent connectors() {
        return new io.confsync.cluster.Probe.Lent() {
            @Override
            public io.confsync.transfer.ssh.Connector open(io.confsync.conf.Config config, boolean acceptNew)
                    throws IOException {
                SyncService s = serving;
                Optional<io.confsync.transfer.ssh.Connector> loan = s != null && acceptNew == acceptNewHostKey
                        && config.fingerprint().equals(s.config().fingerprint()) ? s.lendConnector()
                        : Optional.empty();
                return loan.isPresent() ? loan.get() : io.confsync.cluster.Probe.Lent.OWN.open(config, acceptNew);
            }

            @Override
            public Optional<io.confsync.manifest.HashCache> hashCache(io.confsync.conf.Config config) {
                SyncService s = serving;
                return s != null && config.fingerprint().equals(s.config().fingerprint()) ? Optional.of(s.cache())
                        : Optional.empty();
            }
        };
    }

    /**
     * Runs until interrupted (SIGTERM), then lets the batches in flight finish.
     *
     * @throws StateException if the cluster state is damaged
     */
    public void run() throws Exception {
        handoff = openHandoff(configs.current());
        commandSocket = openCommands(configs.current());
        serveMetrics(configs.current());
        notify.startWatchdog();
        HeapTrim.start();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (awaitSourceRole() && !serveAsSource()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // stopped
        } finally {
            notify.stopping();
            notify.close();
            metrics.close();
            if (handoff.isPresent()) {
                handoff.get().close();
            }
            if (commandSocket.isPresent()) {
                commandSocket.get().close();
            }
        }
    }

    /** The command socket, or empty after one line saying why not: commands then run in their own processes. */
    private Optional<CommandSocket> openCommands(Config config) {
        if (commands == null) {
            return Optional.empty();
        }
        java.nio.file.Path file = Wiring.stateDir(config).resolve(CommandSocket.FILE_NAME);
        try {
            return Optional.of(CommandSocket.open(file, config.fingerprint(), commands));
        } catch (IOException | RuntimeException e) {
            say.accept("confsync: commands will not be handed to this service (" + file + ": " + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /**
     * The handoff socket of the standby side, or empty after one line saying why not: the service
     * works without it, every session then costs a JVM of its own.
     */
    private Optional<ServiceSocket> openHandoff(Config config) {
        try {
            return Optional.of(StandbyService.open(config, configs::request));
        } catch (IOException | RuntimeException e) {
            say.accept("confsync: sessions from sshd will not be handed to this service ("
                    + StandbyService.socketFile(config) + ": " + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /**
     * Waits, checking the cluster state every second and taking reloads, until this node is the source.
     *
     * @return true once this node is the source; false after a reload (the caller looks again)
     */
    private boolean awaitSourceRole() throws InterruptedException, StateException {
        String said = null;
        boolean readySaid = false;
        while (true) {
            notify.beat();
            if (configs.requested()) {
                reload();
                return false;
            }
            Config config = configs.current();
            SourceClaim claim = new SourceClaim(config);
            ClusterState s;
            try {
                s = claim.current();
            } catch (StateException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException();
                }
                throw e;
            }
            if (s.isSource(config.node())) {
                return true;
            }
            String why = claim.notSource(s);
            if (!why.equals(said)) {
                say.accept("confsync: " + why + "; waiting until this node is promoted (checked every second)");
                said = why;
            }
            if (!readySaid) {
                notify.ready("standby of " + config.cluster() + " (" + why + "); receiving");
                readySaid = true;
            }
            configs.sleep(STATE_POLL_MS);
        }
    }

    /** Serves /metrics where the configuration says (metrics.listen); a failure is logged, the service goes on. */
    private void serveMetrics(Config config) {
        try {
            metrics.serve(config.metrics());
            if (config.metrics() != null) {
                LOG.info("metrics on http://{}:{}/metrics", config.metrics().host(), metrics.port());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot serve metrics on {}:{}: {}", config.metrics().host(), config.metrics().port(),
                    io.confsync.manifest.Reason.of(e));
        }
    }

    /** Takes a pending reload; a new configuration goes to the handoff socket at once. */
    private Config reload() {
        notify.reloading();
        Config before = configs.current();
        Config next = configs.take();
        metrics.reload(next != null ? "ok" : configs.failure() != null ? "failed" : "unchanged");
        if (next != null && !java.util.Objects.equals(next.metrics(), before.metrics())) {
            serveMetrics(next);
        }
        if (next != null) {
            if (!Wiring.stateDir(next).equals(Wiring.stateDir(before))) {
                handoff.ifPresent(h -> {
                    try {
                        h.close();
                    } catch (IOException e) {
                        LOG.warn("closing the handoff socket of the old state directory: {}", e.getMessage());
                    }
                });
                handoff = openHandoff(next);
                commandSocket.ifPresent(c -> {
                    try {
                        c.close();
                    } catch (IOException e) {
                        LOG.warn("closing the command socket of the old state directory: {}", e.getMessage());
                    }
                });
                commandSocket = openCommands(next);
            } else {
                commandSocket.ifPresent(c -> c.reconfigure(next.fingerprint()));
                if (handoff.isPresent()) {
                    try {
                        handoff.get().reconfigure(next.fingerprint(), StandbyService.startLiveReceiver(next, configs::request));
                    } catch (IOException e) {
                        LOG.error("the handoff socket keeps the old configuration: {}", e.getMessage());
                    }
                }
            }
        }
        return next;
    }

    /**
     * Runs the source's service.
     *
     * @return true if it ended for this node to look at its role again (stepped down, or a new
     *         configuration), false when stopped
     */
    private boolean serveAsSource() throws Exception {
        Config config = configs.current();
        SyncService service = new SyncService(config, ChangeSource.forBase(Wiring.base(config), Wiring.rules(config)),
                reconcile, acceptNewHostKey, metrics);
        if (firstSyncBar != null) {
            service.showFirstSync(firstSyncBar.apply(config.nodes().size() - 1));
            firstSyncBar = null;
        }
        boolean reloading = false;
        try {
            notify.pause(FIRST_SCAN); // the first scan of a large sync set beats no loop
            try {
                service.start();
            } catch (io.confsync.cluster.ClusterRefusal e) {
                // Stepped down or fenced between the look at the state and the start: wait again.
                say.accept("confsync: not the source any more (" + e.getMessage() + ")");
                return true;
            }
            serving = service;
            notify.beat();
            String watching = "watching " + Units.count(config.sync().size(), "path") + ", "
                    + Units.count(config.nodes().size() - 1, "standby");
            say.accept("confsync: " + config.node() + " is the source of " + config.cluster() + "; " + watching);
            service.alarm("reload", configs.failure());
            notify.ready("source of " + config.cluster() + ": " + watching);
            while (true) {
                SyncService.Outcome o = service.loop(() -> {
                    notify.beat();
                    return configs.requested();
                });
                if (o == SyncService.Outcome.STEPPED_DOWN) {
                    say.accept("confsync: stepped down; finishing batches in flight");
                    return true;
                }
                if (o == SyncService.Outcome.STOPPED) {
                    return false;
                }
                if (reload() != null) {
                    reloading = true;
                    say.accept("confsync: reloading: finishing batches in flight, then starting again with "
                            + configs.current().file());
                    return true;
                }
                service.alarm("reload", configs.failure());
                notify.ready("source of " + config.cluster() + (configs.failure() != null ? "; reload failed" : ""));
            }
        } catch (InterruptedException e) {
            say.accept("confsync: stopping: finishing batches in flight");
            return false;
        } finally {
            serving = null;
            Duration wait = reloading ? RELOAD_BATCH_WAIT : Duration.ofSeconds(30);
            notify.pause(wait.plusSeconds(30));
            service.close(wait);
            notify.beat();
        }
    }
}
