package io.confsync.cli.print;

import com.sun.jna.Library;
import io.confsync.manifest.Libc;
import io.confsync.transfer.session.Progress;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr while files go to the standbys (bytes done of all nodes' plans, rate
 * and ETA, and each node's share done) or while nodes are asked (nodes answered); only when stderr
 * is a terminal (nothing in a pipe, a log or a cron mail). Drawn by {@code me.tongfei:progressbar}.
 */
public final class TerminalProgress implements Progress, AutoCloseable {

    /** isatty(3) of the C library. */
    public interface Tty extends Library {
        int isatty(int fd);
    }

    private static final Tty TTY = Libc.load(Tty.class);

    private final ProgressBar bar;
    private final Map<String, long[]> nodes = new TreeMap<>();
    /** Each node's share in the bar's message (bytes); not for a count of nodes. */
    private final boolean shares;
    /** Nodes whose end closes the bar (a service's start, which has no end of its own); 0 for none. */
    private final int closeAfter;
    private int finished;

    private TerminalProgress(ProgressBarBuilder bar, PrintStream err, boolean shares, int closeAfter) {
        this.bar = bar.setInitialMax(0).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(err, 120)).build();
        this.shares = shares;
        this.closeAfter = closeAfter;
    }

    /** True if stderr is a terminal. */
    public static boolean stderrIsTerminal() {
        return TTY != null && TTY.isatty(2) == 1;
    }

    /** A bar for {@code task} on stderr if it is a terminal; otherwise {@link Progress#NONE}, which says nothing. */
    public static Progress start(String task) {
        return bytes(task, 0);
    }

    /**
     * {@link #start(String)} for a bar that closes itself once {@code nodes} nodes are done: the
     * initial sync of {@code run}, whose pushes go on after it.
     */
    public static Progress start(String task, int nodes) {
        return nodes > 0 ? bytes(task, nodes) : Progress.NONE;
    }

    private static Progress bytes(String task, int closeAfter) {
        return stderrIsTerminal() ? new TerminalProgress(new ProgressBarBuilder().setTaskName(task)
                .setUnit(" KiB", 1024).showSpeed(), System.err, true, closeAfter) : Progress.NONE;
    }

    /** A bar of nodes answered for {@code task} (audit), or {@link Progress#NONE}. */
    public static Progress nodes(String task) {
        return stderrIsTerminal() ? new TerminalProgress(new ProgressBarBuilder().setTaskName(task)
                .setUnit(" nodes", 1), System.err, false, 0) : Progress.NONE;
    }

    /** Closes what {@link #start} returned (a bar is finished and its line ended). */
    public static void finish(Progress p) {
        if (p instanceof TerminalProgress t) {
            t.close();
        }
    }

    @Override
    public synchronized void planned(String node, long files, long bytes) {
        nodes.put(node, new long[] {0, bytes});
        bar.maxHint(nodes.values().stream().mapToLong(v -> v[1]).sum());
        bar.setExtraMessage(shares());
    }

    @Override
    public synchronized void sent(String node, long bytes) {
        long[] n = nodes.computeIfAbsent(node, k -> new long[2]);
        n[0] += bytes;
        bar.stepBy(bytes);
        bar.setExtraMessage(shares());
    }

    @Override
    public synchronized void done(String node) {
        long[] n = nodes.get(node);
        if (n != null && n[0] < n[1]) {
            bar.stepBy(n[1] - n[0]); // failed or had less to send: its share is over either way
            n[0] = n[1];
        }
        bar.setExtraMessage(shares());
        if (closeAfter > 0 && ++finished == closeAfter) {
            bar.close();
        }
    }

    private String shares() {
        if (!shares) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        nodes.forEach((node, n) -> b.append(b.length() == 0 ? "" : " ").append(node).append(' ')
                .append(n[1] == 0 ? 100 : n[0] * 100 / n[1]).append('%'));
        return b.toString();
    }

    @Override
    public synchronized void close() {
        bar.close();
    }
}
