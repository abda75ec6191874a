package io.confsync.transfer.ssh;

import io.confsync.transfer.session.Link;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens links through the system's OpenSSH client ({@code ssh}) instead of MINA's: the same strict
 * known_hosts file, the same identity, public-key authentication only, no user or system ssh
 * config, no forwarding. Its crypto and key exchange are native, which matters for bulk transfers
 * on small machines: MINA computes chacha20-poly1305 in Java (about 1.8 s of CPU for a 60 MB
 * initial sync here), OpenSSH with AES-NI in a fraction of that, on another core.
 */
public final class OpenSshConnector implements Connector {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OpenSshConnector.class);
    /** The longest control socket path: a socket's name has 108 bytes, and ssh adds 17 while it binds. */
    private static final int CONTROL_PATH_MAX = 90;

    private final ClientSettings settings;
    private final String program;
    private final Path controlDir;
    /** The control sockets of this connector's open links, by target: {@link #join} rides on them. */
    private final java.util.Map<String, Path> masters = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong serial = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A connector whose every link is a connection of its own.
     *
     * @param settings identity, known_hosts, timeouts
     * @param program  the ssh binary, normally {@code ssh}
     */
    public OpenSshConnector(ClientSettings settings, String program) {
        this(settings, program, null);
    }

    /**
     * A connector whose long links ({@link #open}) are ssh control masters with a socket in
     * {@code controlDir}, and whose short ones ({@link #join}) are multiplexed over them: no key
     * exchange, no authentication, a channel on the connection already up. The sockets are this
     * process's own (named by its PID and a serial), so that no other process, and no connector of
     * a reload, ever joins a connection it does not own.
     *
     * @param controlDir a directory of this user's (created 0700); null, or a path too long for a
     *                   socket, for no multiplexing
     */
    public OpenSshConnector(ClientSettings settings, String program, Path controlDir) {
        this.settings = settings;
        this.program = program;
        // A socket's name: the PID, a dash and a serial, 21 characters at most with its slash.
        this.controlDir = controlDir == null || controlDir.toAbsolutePath().toString().length() + 21 > CONTROL_PATH_MAX
                ? null : controlDir.toAbsolutePath();
        if (controlDir != null && this.controlDir == null) {
            LOG.debug("no ssh multiplexing: {} is too long for a socket path", controlDir);
        }
    }

    /** The full command line for a target; public for tests and {@code --debug}. */
    public List<String> command(SshTarget t) {
        return command(t, List.of());
    }

    private List<String> command(SshTarget t, List<String> multiplexing) {
        List<String> c = new ArrayList<>(List.of(program, "-F", "/dev/null", "-T", "-x", "-a",
                "-p", String.valueOf(t.port()), "-l", t.user(),
                "-i", settings.identity().toString(),
                "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
                "-o", "PreferredAuthentications=publickey", "-o", "PasswordAuthentication=no",
                "-o", "KbdInteractiveAuthentication=no", "-o", "HostbasedAuthentication=no",
                "-o", "UserKnownHostsFile=" + settings.knownHosts(), "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=" + (settings.acceptNewHostKey() ? "accept-new" : "yes"),
                "-o", "UpdateHostKeys=no", "-o", "ClearAllForwardings=yes", "-o", "PermitLocalCommand=no",
                "-o", "ConnectTimeout=" + Math.max(1, settings.connectTimeout().toSeconds()),
                "-o", "ServerAliveInterval=" + Math.max(1, settings.keepalive().toSeconds()),
                // INFO when new keys are trusted: ssh says so at that level (see StderrTail), else errors only.
                "-o", "ServerAliveCountMax=3", "-o", "LogLevel=" + (settings.acceptNewHostKey() ? "INFO" : "ERROR"),
                // AES-GCM first: with AES-NI it costs ssh half the CPU of OpenSSH's default
                // chacha20-poly1305 (measured here: 200 MB through ssh, 0.30 s of user CPU instead of
                // 0.57 s); every name of the list is known to OpenSSH since 6.5.
                "-o", "Ciphers=aes128-gcm@openssh.com,chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,"
                        + "aes128-ctr,aes256-ctr"));
        c.addAll(multiplexing);
        if (t.transport() == SshTarget.Transport.EMBEDDED) {
            c.addAll(List.of("-s", t.host(), SshConnector.SUBSYSTEM));
        } else {
            c.addAll(List.of(t.host(), "--", t.command()));
        }
        return c;
    }

    /** A connection of its own; with a control directory, a control master that {@link #join} rides on. */
    @Override
    public Link open(SshTarget t) throws IOException {
        if (controlDir == null) {
            return start(t, List.of(), () -> { });
        }
        Files.createDirectories(controlDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Path socket = controlDir.resolve(ProcessHandle.current().pid() + "-" + serial.incrementAndGet());
        Files.deleteIfExists(socket); // left by a process of the same PID that was killed
        String key = t.describe();
        Link link = start(t, List.of("-o", "ControlMaster=yes", "-o", "ControlPath=" + escaped(socket)),
                () -> masters.remove(key, socket));
        masters.put(key, socket);
        return link;
    }

    /**
     * Multiplexed over the connection of this connector's open link to the same target, if any
     * (ssh connects on its own when the master's socket is gone or not up yet); never a master.
     */
    @Override
    public Link join(SshTarget t) throws IOException {
        Path socket = masters.get(t.describe());
        return start(t, socket == null ? List.of()
                : List.of("-o", "ControlMaster=no", "-o", "ControlPath=" + escaped(socket)), () -> { });
    }

    /** ssh expands {@code %} tokens and {@code ~} in a ControlPath. */
    private static String escaped(Path socket) {
        return socket.toAbsolutePath().toString().replace("%", "%%");
    }

    private Link start(SshTarget t, List<String> multiplexing, Runnable closed) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command(t, multiplexing)).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IOException(t.describe() + ": cannot run " + program + " (is openssh-client installed?): "
                    + e.getMessage(), e);
        }
        StderrTail err = new StderrTail(p.getErrorStream(), t.host() + ":" + t.port(), settings.knownHosts());
        err.start();
        return new ProcessLink(p, err, t, closed);
    }

    @Override
    public void close() {
        // every link owns its process
    }

    /**
     * Keeps the last line ssh wrote to stderr (the reason it failed) and logs every line; a key ssh
     * has just added to known_hosts is logged in the words of MINA's client, with its fingerprint.
     */
    private static final class StderrTail extends Thread {
        private final InputStream in;
        private final LineLogger log;
        private final Path knownHosts;
        private volatile String last = "";

        StderrTail(InputStream in, String prefix, Path knownHosts) {
            super("ssh-stderr");
            setDaemon(true);
            this.in = in;
            this.log = new LineLogger(prefix);
            this.knownHosts = knownHosts;
        }

        @Override
        public void run() {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            try (in) {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    if (b != '\n' && line.size() < 4096) {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8).strip();
                    java.util.regex.Matcher added = ADDED.matcher(text);
                    if (added.find()) {
                        LOG.warn("trusted new host key of {}: {} (added to {})", added.group(1),
                                KnownHostsLines.describe(knownHosts, added.group(1)), knownHosts);
                    } else if (!text.isEmpty()) {
                        emit(line.toByteArray());
                        log.write('\n');
                        last = text;
                    }
                    line.reset();
                    if (b != '\n') {
                        line.write(b); // a line over 4096 bytes goes on in the next
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            emit(line.toByteArray());
            log.close();
        }

        private void emit(byte[] bytes) {
            for (byte x : bytes) {
                log.write(x);
            }
        }
    }

    private static final java.util.regex.Pattern ADDED = java.util.regex.Pattern.compile(
            "Permanently added '([^']+)' \\(\\w+\\) to the list of known hosts");

    /** A link over the stdin and stdout of one ssh process. */
    private static final class ProcessLink implements Link {
        private final Process process;
        private final StderrTail err;
        private final SshTarget target;
        private final InputStream in;
        private final OutputStream out;
        private final Runnable closed;

        ProcessLink(Process process, StderrTail err, SshTarget target, Runnable closed) {
            this.process = process;
            this.err = err;
            this.target = target;
            this.closed = closed;
            this.in = new FailureNamingInput(process.getInputStream(), this);
            this.out = new FailureNamingOutput(process.getOutputStream(), this);
        }

        @Override
        public InputStream in() {
            return in;
        }

        @Override
        public OutputStream out() {
            return out;
        }

        @Override
        public String describe() {
            return target.describe();
        }

        /** Why ssh ended with an error, if it did: its exit code and last stderr line; null otherwise. */
        LinkException failure() {
            try {
                if (process.waitFor(2, TimeUnit.SECONDS)) {
                    err.join(1000);
                    int code = process.exitValue();
                    if (code == 0) {
                        return null;
                    }
                    LinkException.Code kind = code == 255 ? classify(err.last) : LinkException.Code.LOST;
                    return new LinkException(kind, message(kind, target, code, err.last), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            closed.run();
            try {
                process.getOutputStream().close();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A failure in the words of the MINA client's: {@code connect to 10.0.0.12:22: connection refused}
     * for a node that cannot be reached, ssh's exit code and last line otherwise.
     */
    static String message(LinkException.Code kind, SshTarget t, int exit, String sshLine) {
        String line = sshLine.startsWith("ssh: ") ? sshLine.substring(5) : sshLine;
        java.util.regex.Matcher m = CONNECT.matcher(line);
        if (kind == LinkException.Code.UNREACHABLE && m.matches()) {
            return LinkException.connectFailed(t.host(), t.port(), m.group(1));
        }
        return t.describe() + ": ssh exited " + exit + (line.isEmpty() ? "" : ": " + line);
    }

    private static final java.util.regex.Pattern CONNECT = java.util.regex.Pattern.compile(
            "connect to host \\S+ port \\d+: (.+)");

    /** Turns a write into an ssh that has ended ("Stream closed") into ssh's own reason. */
    private static final class FailureNamingOutput extends java.io.FilterOutputStream {
        private final ProcessLink link;

        FailureNamingOutput(OutputStream out, ProcessLink link) {
            super(out);
            this.link = link;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw named(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw named(e);
            }
        }

        private IOException named(IOException e) {
            LinkException why = link.failure();
            return why != null ? why : e;
        }
    }

    /** Turns an early end of ssh's output into ssh's own reason (host key refused, auth failed...). */
    private static final class FailureNamingInput extends InputStream {
        private final InputStream in;
        private final ProcessLink link;

        FailureNamingInput(InputStream in, ProcessLink link) {
            this.in = in;
            this.link = link;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            return b < 0 ? eof() : b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            return n < 0 ? eof() : n;
        }

        private int eof() throws IOException {
            LinkException why = link.failure();
            if (why != null) {
                throw why;
            }
            return -1;
        }
    }

    /**
     * What kind of failure ssh's last line names. ssh exits 255 for every failure of its own and
     * says which only in text, in English whatever the locale; this is the one place that reads it,
     * at the edge, so that nothing beyond decides from a message.
     */
    static LinkException.Code classify(String sshLine) {
        String l = sshLine.toLowerCase(java.util.Locale.ROOT);
        if (l.contains("host key verification failed") || l.contains("host identification has changed")
                || l.contains("host key for") || l.contains("no matching host key")) {
            return LinkException.Code.HOST_KEY;
        }
        if (l.contains("permission denied") || l.contains("too many authentication failures")) {
            return LinkException.Code.AUTHENTICATION;
        }
        if (l.contains("connection refused") || l.contains("timed out") || l.contains("no route to host")
                || l.contains("network is unreachable") || l.contains("could not resolve hostname")
                || l.contains("name or service not known") || l.contains("banner exchange")) {
            return LinkException.Code.UNREACHABLE;
        }
        return LinkException.Code.LOST;
    }
}
