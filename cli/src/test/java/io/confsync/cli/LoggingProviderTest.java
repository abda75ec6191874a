package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoggingProviderTest {

    @Test
    void initialize_noConfigurationFile_stderrLinesAtWarnWithMinaQuiet() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggingProvider provider = new LoggingProvider();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            provider.initialize();
            provider.getLoggerFactory().getLogger("io.confsync.x").info("not shown");
            provider.getLoggerFactory().getLogger("io.confsync.x").warn("disk {} full", "/etc");
            provider.getLoggerFactory().getLogger("org.apache.sshd.y").warn("not shown either");
        } finally {
            ((ch.qos.logback.classic.LoggerContext) provider.getLoggerFactory()).stop();
            System.setErr(saved);
        }

        assertThat(captured.toString(StandardCharsets.UTF_8)).matches("\\S+ confsync: WARN  disk /etc full\n");
        assertThat(provider.getMDCAdapter()).isNotNull();
        assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
    }
}
