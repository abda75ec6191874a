package io.confsync.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Starting and stopping the processes the end-to-end tests need, always by PID and with bounds. */
final class Processes {

    private Processes() {
    }

    /** The runnable jar built by the cli module (mvn verify builds it before these tests run). */
    static Path jar() {
        Path jar = Path.of("").toAbsolutePath().getParent().resolve("cli/target/confsync.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn -B verify' from the repository root");
        }
        return jar;
    }

    /** The repository's launcher script, {@code ./confsync}: what an operator runs. */
    static Path launcherScript() {
        return jar().getParent().getParent().getParent().resolve("confsync");
    }

    /**
     * {@code ./confsync ARGS...} as a command line, through {@code env} so that it neither builds
     * (mvn verify built the jar) nor dumps class-data archives into the checkout. Its daemons
     * ({@code run}, {@code serve}) compile with C1 alone, as its one-shot commands do: they live
     * for seconds here, and C2's compilations, which the launcher gives the weeks of a real daemon,
     * would only load the two cores the suite shares.
     */
    static List<String> launcher(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "CONFSYNC_NO_BUILD=1", "CONFSYNC_NO_CDS=1",
                "CONFSYNC_JAVA_OPTS=-XX:TieredStopAtLevel=1", launcherScript().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * What a finished command printed.
     *
     * @param code exit code
     * @param out  standard output, as UTF-8
     * @param err  standard error, as UTF-8
     */
    record Ran(int code, String out, String err) {
        /** For assertion messages. */
        String all() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /**
     * Runs a command to its end (at most {@code timeout}, then it is killed) and returns what it
     * printed. {@code env}: the whole environment when not null (as {@code env -i} would give it).
     */
    static Ran run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (env != null) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Path out = Files.createTempFile("confsync-out", ".txt");
        Path err = Files.createTempFile("confsync-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                throw new IOException(command + " did not end within " + timeout + "; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Ran(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The environment of a session that sshd starts, or of {@code env -i}: a PATH and nothing else. */
    static Map<String, String> bareEnvironment() {
        return Map.of("PATH", "/usr/local/bin:/usr/bin:/bin");
    }

    /** confsync as an operator runs it: {@link #launcher}. */
    static List<String> confsync(String... args) {
        return launcher(args);
    }

    /**
     * Starts a process and waits until a line of its stderr satisfies {@code ready}; stderr keeps
     * being drained on a thread afterwards.
     *
     * @throws IOException if it exits or stays silent for {@code timeout}
     */
    static Process startAndAwait(List<String> command, Predicate<String> ready, Duration timeout)
            throws IOException, InterruptedException {
        return Watched.start(command, ready, timeout).process();
    }

    /**
     * A started process whose stderr is kept whole. Waits look at every line since the start, so
     * they never depend on the order in which concurrent threads of the process logged.
     */
    static final class Watched {
        private final Process process;
        private final List<String> lines = new java.util.ArrayList<>();
        private boolean ended;
        private final boolean merged;

        private Watched(Process process, boolean merged) {
            this.process = process;
            this.merged = merged;
        }

        /** Starts the process and waits for a line satisfying {@code ready}. */
        static Watched start(List<String> command, Predicate<String> ready, Duration timeout)
                throws IOException, InterruptedException {
            return start(new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD), command, ready,
                    timeout);
        }

        /**
         * Starts the command on a terminal (a pty by script(1)) and watches what the terminal
         * shows, stdout and stderr together, as lines (a carriage return ends one too).
         */
        static Watched startOnTerminal(List<String> command, Predicate<String> ready, Duration timeout)
                throws IOException, InterruptedException {
            List<String> quoted = new java.util.ArrayList<>();
            command.forEach(a -> quoted.add("'" + a.replace("'", "'\\''") + "'"));
            List<String> script = List.of("script", "-qec", String.join(" ", quoted), "/dev/null");
            return start(new ProcessBuilder(script).redirectErrorStream(true), script, ready, timeout);
        }

        private static Watched start(ProcessBuilder builder, List<String> command, Predicate<String> ready,
                                     Duration timeout) throws IOException, InterruptedException {
            Process p = builder.start();
            Watched w = new Watched(p, builder.redirectErrorStream());
            Thread drain = new Thread(w::drain, "stderr-" + p.pid());
            drain.setDaemon(true);
            drain.start();
            try {
                w.await(ready, timeout);
            } catch (IOException e) {
                stop(p);
                throw new IOException("process " + command + " did not become ready: " + e.getMessage());
            }
            return w;
        }

        private void drain() {
            // Merged into stdout: read that; else stderr.
            java.io.InputStream watched = merged ? process.getInputStream() : process.getErrorStream();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(watched, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }

        Process process() {
            return process;
        }

        /**
         * Waits until a line satisfying {@code wanted} has been seen, at any time since the start.
         *
         * @throws IOException with everything seen, if stderr ends or {@code timeout} passes first
         */
        synchronized void await(Predicate<String> wanted, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            int checked = 0;
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (wanted.test(lines.get(checked))) {
                        return;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new IOException("no such line; stderr so far:\n" + String.join("\n", lines));
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /** Everything stderr said so far. */
        synchronized String seen() {
            return String.join("\n", lines) + "\n";
        }

        /** Everything stderr said, once it ended (call after stopping the process; bounded). */
        synchronized String all(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!ended && System.nanoTime() < deadline) {
                TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
            }
            return seen();
        }
    }

    /** Sends a signal ({@code HUP}, {@code TERM}...) to a process, by PID, with kill(1). */
    static void signal(Process p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IOException("kill -" + signal + " " + p.pid() + " failed");
        }
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Ports each test JVM hands out: a block of its own, below the ephemeral range (32768 and up). */
    private static final int PORT_BLOCK = 3000;
    private static final int PORT_BLOCKS = 4;
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT = new java.util.concurrent.atomic.AtomicInteger();
    /** The lock that makes a block this JVM's for its whole life; never released. */
    private static java.nio.channels.FileLock portLock;
    private static int portBlock = -1;

    /**
     * A free TCP port on loopback, for a server started later. Not one the kernel picks (port 0):
     * those come from the ephemeral range, which outgoing connections of the other tests draw from
     * too, and one of them could take the port before the server binds it. These lie below that
     * range, in a block that this JVM holds by a file lock, so that two test JVMs (surefire's forks,
     * or two builds) never hand out the same one.
     */
    static int freePort() throws IOException {
        int base = 20_000 + portBlock() * PORT_BLOCK;
        for (int i = 0; i < PORT_BLOCK; i++) {
            int port = base + Math.floorMod(NEXT_PORT.getAndIncrement(), PORT_BLOCK);
            try (java.net.ServerSocket s = new java.net.ServerSocket()) {
                s.bind(new java.net.InetSocketAddress("127.0.0.1", port), 1);
                return port;
            } catch (IOException inUse) {
                // taken: the next one
            }
        }
        throw new IOException("no free port on 127.0.0.1 in " + base + "-" + (base + PORT_BLOCK - 1));
    }

    /** The block of ports this JVM holds, locking a free one on first use. */
    private static synchronized int portBlock() throws IOException {
        for (int k = 0; portLock == null && k < PORT_BLOCKS; k++) {
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                    Path.of(System.getProperty("java.io.tmpdir"), "confsync-test-ports-" + k + ".lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock = ch.tryLock();
            if (lock != null) {
                portLock = lock;
                portBlock = k;
            } else {
                ch.close();
            }
        }
        if (portLock == null) {
            throw new IOException("all " + PORT_BLOCKS + " blocks of test ports are held by other test JVMs");
        }
        return portBlock;
    }
}
