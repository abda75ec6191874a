package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit's monitoring contract where no node is needed; the rest is in the tests module. */
class AuditCommandTest {

    @TempDir
    Path tmp;

    @Test
    void call_nagiosWithUnreadableConfig_unknownAndExitThree() {
        CliRun r = CliRun.of("audit", "--nagios", "--config", tmp.resolve("missing.yaml").toString());

        assertThat(r.code()).isEqualTo(3);
        assertThat(r.out()).startsWith("CONFSYNC UNKNOWN - ").contains("missing.yaml");
    }

    @Test
    void call_unreadableConfigWithoutNagios_configExitCode() {
        CliRun r = CliRun.of("audit", "--config", tmp.resolve("missing.yaml").toString());

        assertThat(r.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).contains("missing.yaml");
    }
}
