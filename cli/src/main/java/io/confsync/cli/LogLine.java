package io.confsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One log event as the lines an operator reads. Under journald ({@link Style#JOURNAL}) every line,
 * each line of a stack trace too, starts with its syslog priority ({@code <3>} error, {@code <4>}
 * warning, {@code <6>} info, {@code <7>} debug), which journald strips and stores, and carries no
 * time stamp (the journal has its own): {@code <4>WARN  disk /etc full}. Elsewhere a line starts
 * with the local time to the millisecond, ISO 8601 with its offset:
 * {@code 2026-12-02T01:30:00.123+01:00 confsync: WARN  disk /etc full}.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {

    /** How lines are marked: for the journal, or stamped with the time. */
    enum Style {
        JOURNAL, STAMPED;

        /**
         * JOURNAL when stderr is the stream systemd named in {@code JOURNAL_STREAM} ("device:inode"):
         * a service's stderr, not a file or pipe a hook or an operator redirected it to.
         */
        static Style detect(String journalStream) {
            if (journalStream == null || journalStream.isBlank()) {
                return STAMPED;
            }
            try {
                Map<String, Object> a = Files.readAttributes(Path.of("/proc/self/fd/2"), "unix:dev,ino");
                String own = Long.toUnsignedString((Long) a.get("dev")) + ":" + Long.toUnsignedString((Long) a.get("ino"));
                return own.equals(journalStream.strip()) ? JOURNAL : STAMPED;
            } catch (IOException | RuntimeException e) {
                return STAMPED; // no /proc, or not Linux: not under systemd either
            }
        }
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    private final Style style;
    private final ZoneId zone;

    LogLine(Style style, ZoneId zone) {
        this.style = style;
        this.zone = zone;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String level = event.getLevel().toString();
        String text = level + " ".repeat(Math.max(1, 6 - level.length())) + event.getFormattedMessage();
        String trace = event.getThrowableProxy() == null ? ""
                : ThrowableProxyUtil.asString(event.getThrowableProxy()).stripTrailing();
        StringBuilder b = new StringBuilder(text.length() + trace.length() + 48);
        if (style == Style.JOURNAL) {
            String priority = "<" + priority(event.getLevel()) + ">";
            for (String line : (trace.isEmpty() ? text : text + "\n" + trace).split("\n", -1)) {
                b.append(priority).append(line).append('\n');
            }
            return b.toString();
        }
        b.append(STAMP.format(Instant.ofEpochMilli(event.getTimeStamp()).atZone(zone))).append(" confsync: ").append(text).append('\n');
        if (!trace.isEmpty()) {
            b.append(trace).append('\n');
        }
        return b.toString();
    }

    /** The syslog priority of a level: 3 error, 4 warning, 6 informational, 7 debug. */
    static int priority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }
}
