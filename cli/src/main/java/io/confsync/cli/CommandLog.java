package io.confsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The log lines of a command handed to the service, sent to its client's stderr as they would
 * have appeared there in a process of its own: warnings by default, more with {@code -v}. The
 * command runs on a thread of a group of its own (the command socket starts each connection so),
 * and the threads it starts inherit that group; a line logged by any of them is the command's.
 * The service's log keeps its own lines as before, at its own level.
 */
final class CommandLog extends AppenderBase<ILoggingEvent> {

    /** Where one running command's lines go, and from which level. */
    static final class Sink implements AutoCloseable {
        private final ThreadGroup group;
        private final PrintWriter err;
        private volatile Level level = Level.WARN;

        private Sink(ThreadGroup group, PrintWriter err) {
            this.group = group;
            this.err = err;
        }

        /** The command's own logging options, read once picocli has parsed them. */
        void level(Level level) {
            this.level = level;
        }

        @Override
        public void close() {
            SINKS.remove(group, this);
        }
    }

    private static final Map<ThreadGroup, Sink> SINKS = new ConcurrentHashMap<>();
    private final LogLine layout = new LogLine(LogLine.Style.STAMPED, ZoneId.systemDefault());

    /** Sends the lines of the calling thread's group to {@code err} until the sink is closed. */
    static Sink forward(PrintWriter err) {
        Sink s = new Sink(Thread.currentThread().getThreadGroup(), err);
        SINKS.put(s.group, s);
        return s;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (SINKS.isEmpty()) {
            return;
        }
        for (ThreadGroup g = Thread.currentThread().getThreadGroup(); g != null; g = g.getParent()) {
            Sink s = SINKS.get(g);
            if (s != null) {
                if (event.getLevel().isGreaterOrEqual(s.level)) {
                    s.err.print(layout.doLayout(event));
                    s.err.flush();
                }
                return;
            }
        }
    }
}
