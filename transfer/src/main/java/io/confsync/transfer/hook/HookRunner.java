package io.confsync.transfer.hook;

import io.confsync.manifest.RelPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the hooks that match a batch, one after the other, each once. The changed paths are in
 * {@code CONFSYNC_CHANGED}, one absolute path per line; {@code CONFSYNC_NODE} and
 * {@code CONFSYNC_CLUSTER} name where it runs.
 */
public final class HookRunner {

    private static final Logger LOG = LoggerFactory.getLogger(HookRunner.class);
    private static final int MAX_OUTPUT = 4096;

    private final List<Hook> hooks;
    private final Map<String, String> env;
    private final Path cwd;

    /**
     * @param hooks every configured hook
     * @param env   extra environment (node and cluster names)
     * @param cwd   working directory of the commands
     */
    public HookRunner(List<Hook> hooks, Map<String, String> env, Path cwd) {
        this.hooks = List.copyOf(hooks);
        this.env = Map.copyOf(env);
        this.cwd = cwd;
    }

    /** True if no hook is configured: callers can skip working out what changed. */
    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    /** Runs every hook matching the changed paths; returns their results in configuration order. */
    public List<HookResult> run(Collection<RelPath> changed) {
        List<HookResult> out = new ArrayList<>();
        for (Hook h : hooks) {
            if (h.matches(changed)) {
                HookResult r = runOne(h, changed);
                if (r.ok()) {
                    LOG.info("hook {}", r.summary());
                } else {
                    LOG.warn("hook {}", r.summary());
                }
                out.add(r);
            }
        }
        return out;
    }

    private HookResult runOne(Hook h, Collection<RelPath> changed) {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", h.command()).redirectErrorStream(true);
        if (cwd.getFileSystem() == java.nio.file.FileSystems.getDefault()) {
            pb.directory(cwd.toFile());
        }
        pb.environment().putAll(env);
        pb.environment().put("CONFSYNC_CHANGED", changed.stream().filter(p -> p.startsWith(h.root()))
                .map(p -> "/" + p.value()).sorted().collect(Collectors.joining("\n")));
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            OutputTail tail = new OutputTail(p.getInputStream());
            tail.start();
            boolean done = p.waitFor(h.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            tail.join(5_000);
            return new HookResult(h.command(), done ? p.exitValue() : -1, !done, tail.text(), millis(t0));
        } catch (IOException e) {
            return new HookResult(h.command(), -1, false, "cannot start: " + e.getMessage(), millis(t0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HookResult(h.command(), -1, false, "interrupted", millis(t0));
        }
    }

    private static long millis(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** Drains a process's output, keeping the last {@link #MAX_OUTPUT} bytes. */
    private static final class OutputTail extends Thread {
        private final InputStream in;
        private byte[] kept = new byte[0];

        OutputTail(InputStream in) {
            super("hook-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (in) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    byte[] joined = new byte[Math.min(MAX_OUTPUT, kept.length + n)];
                    int fromKept = joined.length - Math.min(n, joined.length);
                    System.arraycopy(kept, kept.length - fromKept, joined, 0, fromKept);
                    System.arraycopy(buf, n - (joined.length - fromKept), joined, fromKept, joined.length - fromKept);
                    synchronized (this) {
                        kept = joined;
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        synchronized String text() {
            return new String(kept, StandardCharsets.UTF_8);
        }
    }
}
