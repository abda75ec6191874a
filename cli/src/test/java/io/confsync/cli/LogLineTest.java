package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogLineTest {

    private static final long AT = 1_796_174_400_123L; // 2026-12-02T01:20:00.123Z

    private final Logger logger = new LoggerContext().getLogger("io.confsync.x");

    private LoggingEvent event(Level level, String message, Throwable t) {
        LoggingEvent e = new LoggingEvent("x", logger, level, message, t, null);
        e.setTimeStamp(AT);
        return e;
    }

    @Test
    void doLayout_journal_priorityOnEveryLineAndNoTimeStamp() {
        LogLine line = new LogLine(LogLine.Style.JOURNAL, ZoneOffset.UTC);

        assertThat(line.doLayout(event(Level.WARN, "disk /etc full", null))).isEqualTo("<4>WARN  disk /etc full\n");
        assertThat(line.doLayout(event(Level.INFO, "n2 is back", null))).isEqualTo("<6>INFO  n2 is back\n");
        assertThat(line.doLayout(event(Level.DEBUG, "detail", null))).isEqualTo("<7>DEBUG detail\n");
        String error = line.doLayout(event(Level.ERROR, "failed", new IllegalStateException("boom")));
        assertThat(error).startsWith("<3>ERROR failed\n<3>java.lang.IllegalStateException: boom\n").endsWith("\n");
        assertThat(error.split("\n")).allMatch(l -> l.startsWith("<3>"));
    }

    @Test
    void doLayout_elsewhere_isoTimeStampToTheMillisecondWithOffset() {
        assertThat(new LogLine(LogLine.Style.STAMPED, ZoneOffset.UTC).doLayout(event(Level.WARN, "disk /etc full", null)))
                .isEqualTo("2026-12-02T01:20:00.123Z confsync: WARN  disk /etc full\n");
        assertThat(new LogLine(LogLine.Style.STAMPED, ZoneId.of("Europe/Budapest")).doLayout(event(Level.ERROR, "x", null)))
                .isEqualTo("2026-12-02T02:20:00.123+01:00 confsync: ERROR x\n");
    }

    @Test
    void detect_journalStreamOfAnotherStream_stamped() throws Exception {
        Map<String, Object> own = Files.readAttributes(Path.of("/proc/self/fd/2"), "unix:dev,ino");

        assertThat(LogLine.Style.detect(null)).isEqualTo(LogLine.Style.STAMPED);
        assertThat(LogLine.Style.detect("")).isEqualTo(LogLine.Style.STAMPED);
        assertThat(LogLine.Style.detect("1:1")).isEqualTo(LogLine.Style.STAMPED);
        assertThat(LogLine.Style.detect("garbage")).isEqualTo(LogLine.Style.STAMPED);
        assertThat(LogLine.Style.detect(own.get("dev") + ":" + own.get("ino"))).isEqualTo(LogLine.Style.JOURNAL);
    }
}
