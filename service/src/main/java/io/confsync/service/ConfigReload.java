package io.confsync.service;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigException;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's configuration and its reloads: SIGHUP asks ({@link #request()}, from the signal
 * thread), the service loop takes the request when it is between batches ({@link #take()}), reads
 * the file again and either gets the new configuration or keeps the old one with the reason, which
 * {@code status} shows until a reload succeeds. Thread-safe.
 */
public final class ConfigReload {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

    /** Reads the configuration file again, as the command line first read it. */
    @FunctionalInterface
    public interface Loader {
        Config load() throws ConfigException;
    }

    private final Loader loader;
    private final Clock clock;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final Object wake = new Object();
    private volatile Config current;
    private volatile String loadedAt;
    private volatile String failure;

    public ConfigReload(Config first, Loader loader, Clock clock) {
        this.current = first;
        this.loader = loader;
        this.clock = clock;
        this.loadedAt = clock.instant().toString();
    }

    /** The configuration the service runs with. */
    public Config current() {
        return current;
    }

    /** Why the last reload was not taken ("reload failed ..."), or null if it was (or none was asked). */
    public String failure() {
        return failure;
    }

    /** Asks for a reload; safe from a signal handler. Wakes {@link #sleep}. */
    public void request() {
        requested.set(true);
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** True if a reload was asked and not yet taken. */
    public boolean requested() {
        return requested.get();
    }

    /** Sleeps up to {@code millis}, less if a reload is asked meanwhile. */
    public void sleep(long millis) throws InterruptedException {
        synchronized (wake) {
            if (!requested.get()) {
                wake.wait(millis);
            }
        }
    }

    /**
     * Takes a pending request: reads the file again.
     *
     * @return the new configuration if it validates and differs from the current one (it is then
     *         current); null if no reload was asked, the file is unchanged, or it does not validate
     *         (logged with its file:line:col, the old configuration stays)
     */
    public Config take() {
        if (!requested.getAndSet(false)) {
            return null;
        }
        Config next;
        try {
            next = loader.load();
        } catch (ConfigException e) {
            failure = "reload failed at " + clock.instant() + ": " + e.getMessage() + "; still running on the "
                    + "configuration loaded at " + loadedAt;
            LOG.error("{}", failure);
            return null;
        }
        failure = null;
        Config before = current;
        if (next.fingerprint().equals(before.fingerprint())) {
            LOG.info("reload: {} is unchanged", next.file());
            return null;
        }
        current = next;
        loadedAt = clock.instant().toString();
        LOG.info("reload: {}: {}", next.file(), changes(before, next));
        return next;
    }

    /** What a reload changes, in one line: nodes joined and let go, sync entries added and removed. */
    static String changes(Config before, Config after) {
        Set<String> nodesBefore = names(before.nodes().stream().map(n -> n.name()).toList());
        Set<String> nodesAfter = names(after.nodes().stream().map(n -> n.name()).toList());
        Set<String> pathsBefore = names(before.sync().stream().map(e -> e.path()).toList());
        Set<String> pathsAfter = names(after.sync().stream().map(e -> e.path()).toList());
        String nodes = diff("node", nodesBefore, nodesAfter);
        String paths = diff("sync entry", pathsBefore, pathsAfter);
        String said = String.join("; ", List.of(nodes, paths).stream().filter(s -> !s.isEmpty()).toList());
        return said.isEmpty() ? "settings changed (hooks, limits, SSH or watch values); node list and sync set as before"
                : said;
    }

    private static Set<String> names(List<String> values) {
        return new TreeSet<>(values);
    }

    private static String diff(String what, Set<String> before, Set<String> after) {
        String added = after.stream().filter(x -> !before.contains(x)).collect(Collectors.joining(", "));
        String removed = before.stream().filter(x -> !after.contains(x)).collect(Collectors.joining(", "));
        StringBuilder b = new StringBuilder();
        if (!added.isEmpty()) {
            b.append(what).append(" added: ").append(added);
        }
        if (!removed.isEmpty()) {
            b.append(b.length() > 0 ? "; " : "").append(what).append(" removed: ").append(removed);
        }
        return b.toString();
    }
}
