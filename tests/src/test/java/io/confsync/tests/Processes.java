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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
     * (mvn verify built the jar) nor dumps class-data archives into the checkout.
     */
    static List<String> launcher(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "CONFSYNC_NO_BUILD=1", "CONFSYNC_NO_CDS=1",
                launcherScript().toString()));
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

    /** A started process whose stderr lines can be awaited one after another. */
    record Watched(Process process, BlockingQueue<String> lines, StringBuilder seen) {

        /** Starts the process and waits for a first line satisfying {@code ready}. */
        static Watched start(List<String> command, Predicate<String> ready, Duration timeout)
                throws IOException, InterruptedException {
            Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            BlockingQueue<String> lines = new ArrayBlockingQueue<>(100_000);
            Thread drain = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.offer(line);
                    }
                } catch (IOException e) {
                    // the process ended
                }
                lines.offer("<eof>");
            }, "stderr-" + p.pid());
            drain.setDaemon(true);
            drain.start();
            Watched w = new Watched(p, lines, new StringBuilder());
            try {
                w.await(ready, timeout);
            } catch (IOException e) {
                stop(p);
                throw new IOException("process " + command.get(0) + " did not become ready: " + e.getMessage());
            }
            return w;
        }

        /**
         * Waits for the next stderr line satisfying {@code wanted}.
         *
         * @throws IOException with everything seen, if the process ends or {@code timeout} passes first
         */
        void await(Predicate<String> wanted, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (line == null || line.equals("<eof>")) {
                    break;
                }
                seen.append(line).append('\n');
                if (wanted.test(line)) {
                    return;
                }
            }
            throw new IOException("no such line; stderr so far:\n" + seen);
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

    /** A free TCP port on loopback. */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
