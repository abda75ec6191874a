package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StderrLoggingTest {

    @Test
    void configure_events_oneLinePerEventOnStderrAtWarn() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            StderrLogging setup = new StderrLogging();
            setup.setContext(context);

            assertThat(setup.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
            context.getLogger("io.confsync.x").info("not shown");
            context.getLogger("io.confsync.x").warn("disk {} full", "/etc");
            context.getLogger("org.apache.sshd.y").warn("not shown either");
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.DEBUG);
            context.getLogger("io.confsync.x").debug("detail");
            context.getLogger("io.confsync.x").error("failed", new IllegalStateException("boom"));
        } finally {
            context.stop();
            System.setErr(saved);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) ";
        assertThat(lines[0]).matches(stamp + "confsync: WARN  disk /etc full");
        assertThat(lines[1]).matches(stamp + "confsync: DEBUG detail");
        assertThat(lines[2]).matches(stamp + "confsync: ERROR failed");
        assertThat(lines[3]).contains("IllegalStateException: boom");
    }
}
