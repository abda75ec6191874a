package io.confsync.service;

import com.sun.jna.Library;
import io.confsync.manifest.Libc;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * systemd's notification protocol (sd_notify(3)) for {@code Type=notify} units, without libsystemd:
 * one datagram per message to the Unix socket named in {@code NOTIFY_SOCKET} (a path, or an abstract
 * name written with a leading '@'). {@code READY=1} once the service watches, {@code STATUS=} lines
 * that {@code systemctl status} shows, {@code RELOADING=1} and {@code STOPPING=1}, and
 * {@code WATCHDOG=1} at half the unit's {@code WatchdogSec} from a thread of its own, but only while
 * the service loop keeps calling {@link #beat()}: a loop that hangs stops the pings and systemd
 * restarts the service. Without {@code NOTIFY_SOCKET} (not under systemd) every call does nothing.
 * Thread-safe.
 */
public final class Notify implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Notify.class);
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sun_path's size in struct sockaddr_un. */
    private static final int SUN_PATH = 108;

    /** The libc calls needed. */
    interface LibC extends Library {
        int socket(int domain, int type, int protocol);

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

        int close(int fd);
    }

    private final LibC libc;
    private final byte[] address;
    private final int addressLength;
    private final long watchdogNanos;
    private volatile long lastBeat = System.nanoTime();
    /** Pings go on until then (System.nanoTime) whatever the beats: a known long step is under way. */
    private volatile long pauseEnds = System.nanoTime();
    private Thread pinger;

    private Notify(LibC libc, byte[] address, int addressLength, long watchdogNanos) {
        this.libc = libc;
        this.address = address;
        this.addressLength = addressLength;
        this.watchdogNanos = watchdogNanos;
    }

    /** From this process's environment. */
    public static Notify fromEnvironment() {
        return of(System.getenv(), ProcessHandle.current().pid());
    }

    /**
     * From {@code env}: {@code NOTIFY_SOCKET}, and {@code WATCHDOG_USEC} when {@code WATCHDOG_PID} is
     * unset or names {@code pid}. A socket name that does not fit, or a host without the C library
     * calls, gives a notifier that does nothing (said once in the log).
     */
    static Notify of(Map<String, String> env, long pid) {
        String socket = env.get("NOTIFY_SOCKET");
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        long watchdog = 0;
        if (usec != null && (forPid == null || forPid.strip().equals(Long.toString(pid)))) {
            try {
                watchdog = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(usec.strip()));
            } catch (NumberFormatException e) {
                LOG.warn("WATCHDOG_USEC={} is not a number; no watchdog pings", usec);
            }
        }
        if (socket == null || socket.isEmpty()) {
            return new Notify(null, null, 0, 0);
        }
        byte[] name = socket.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = name[0] == '@';
        if (!abstractName && name[0] != '/' || name.length >= SUN_PATH) {
            LOG.warn("NOTIFY_SOCKET={} is neither a path nor an abstract name that fits; systemd is not told of "
                    + "readiness", socket);
            return new Notify(null, null, 0, 0);
        }
        LibC libc = Libc.load(LibC.class);
        if (libc == null) {
            LOG.warn("NOTIFY_SOCKET is set but this host's C library cannot be called; systemd is not told of "
                    + "readiness");
            return new Notify(null, null, 0, 0);
        }
        byte[] addr = new byte[2 + SUN_PATH];
        addr[0] = AF_UNIX; // sa_family_t, little-endian (Libc checks the byte order)
        System.arraycopy(name, 0, addr, 2, name.length);
        if (abstractName) {
            addr[2] = 0; // the abstract namespace: no terminating NUL counts
        }
        return new Notify(libc, addr, 2 + name.length + (abstractName ? 0 : 1), watchdog);
    }

    /** True if there is a systemd to tell. */
    public boolean active() {
        return libc != null;
    }

    /** The unit's watchdog interval in nanoseconds, 0 if it has none. */
    long watchdogNanos() {
        return watchdogNanos;
    }

    /** The service is up: {@code READY=1} with a status line. */
    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    /** A status line for {@code systemctl status}. */
    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    /** The configuration is being reloaded; {@link #ready} ends it. */
    public void reloading() {
        send("RELOADING=1\nSTATUS=reloading the configuration");
    }

    /** The service is stopping. */
    public void stopping() {
        send("STOPPING=1\nSTATUS=stopping: finishing the batches in flight");
    }

    /** The service loop is alive: the watchdog keeps pinging for a while; a {@link #pause} is over. */
    public void beat() {
        long now = System.nanoTime();
        lastBeat = now;
        pauseEnds = now;
    }

    /**
     * A step that does not beat is about to take up to {@code bound} (a first scan, waiting for a
     * batch in flight before a reload): the pings go on for that long, no longer.
     */
    public void pause(java.time.Duration bound) {
        pauseEnds = System.nanoTime() + bound.toNanos();
    }

    /**
     * Starts pinging {@code WATCHDOG=1} at half the unit's interval for as long as {@link #beat()}
     * was called within the interval. Does nothing without a watchdog.
     */
    public synchronized void startWatchdog() {
        if (libc == null || watchdogNanos <= 0 || pinger != null) {
            return;
        }
        beat();
        pinger = new Thread(this::ping, "systemd-watchdog");
        pinger.setDaemon(true);
        pinger.start();
    }

    private void ping() {
        long every = Math.max(1, watchdogNanos / 2);
        while (!Thread.currentThread().isInterrupted()) {
            long now = System.nanoTime();
            if (now - lastBeat < watchdogNanos || now - pauseEnds < 0) {
                send("WATCHDOG=1");
            }
            try {
                TimeUnit.NANOSECONDS.sleep(every);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void send(String message) {
        if (libc == null) {
            return;
        }
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            LOG.debug("notify: socket() failed");
            return;
        }
        try {
            if (libc.sendto(fd, bytes, bytes.length, MSG_NOSIGNAL, address, addressLength) < 0) {
                LOG.debug("notify: sendto() failed for {}", message);
            }
        } finally {
            libc.close(fd);
        }
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ');
    }

    /** Stops the watchdog pings. */
    @Override
    public synchronized void close() {
        if (pinger != null) {
            pinger.interrupt();
            pinger = null;
        }
    }
}
