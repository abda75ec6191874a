package io.confsync.transfer.ssh;

import io.confsync.transfer.session.Link;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

    private final ClientSettings settings;
    private final String program;

    /**
     * @param settings identity, known_hosts, timeouts
     * @param program  the ssh binary, normally {@code ssh}
     */
    public OpenSshConnector(ClientSettings settings, String program) {
        this.settings = settings;
        this.program = program;
    }

    /** The full command line for a target; public for tests and {@code --debug}. */
    public List<String> command(SshTarget t) {
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
                "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR",
                // AES-GCM first: with AES-NI it costs ssh half the CPU of OpenSSH's default
                // chacha20-poly1305 (measured here: 200 MB through ssh, 0.30 s of user CPU instead of
                // 0.57 s); every name of the list is known to OpenSSH since 6.5.
                "-o", "Ciphers=aes128-gcm@openssh.com,chacha20-poly1305@openssh.com,aes256-gcm@openssh.com,"
                        + "aes128-ctr,aes256-ctr"));
        if (t.transport() == SshTarget.Transport.EMBEDDED) {
            c.addAll(List.of("-s", t.host(), SshConnector.SUBSYSTEM));
        } else {
            c.addAll(List.of(t.host(), "--", t.command()));
        }
        return c;
    }

    @Override
    public Link open(SshTarget t) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command(t)).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new IOException(t.describe() + ": cannot run " + program + " (is openssh-client installed?): "
                    + e.getMessage(), e);
        }
        StderrTail err = new StderrTail(p.getErrorStream(), t.host() + ":" + t.port());
        err.start();
        return new ProcessLink(p, err, t);
    }

    @Override
    public void close() {
        // every link owns its process
    }

    /** Keeps the last line ssh wrote to stderr (the reason it failed) and logs every line. */
    private static final class StderrTail extends Thread {
        private final InputStream in;
        private final LineLogger log;
        private volatile String last = "";

        StderrTail(InputStream in, String prefix) {
            super("ssh-stderr");
            setDaemon(true);
            this.in = in;
            this.log = new LineLogger(prefix);
        }

        @Override
        public void run() {
            StringBuilder line = new StringBuilder();
            try (in) {
                for (int b = in.read(); b >= 0; b = in.read()) {
                    log.write(b);
                    if (b == '\n') {
                        if (!line.toString().isBlank()) {
                            last = line.toString().strip();
                        }
                        line.setLength(0);
                    } else if (line.length() < 4096) {
                        line.append((char) b);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            log.close();
        }
    }

    /** A link over the stdin and stdout of one ssh process. */
    private static final class ProcessLink implements Link {
        private final Process process;
        private final StderrTail err;
        private final SshTarget target;
        private final InputStream in;
        private final OutputStream out;

        ProcessLink(Process process, StderrTail err, SshTarget target) {
            this.process = process;
            this.err = err;
            this.target = target;
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
