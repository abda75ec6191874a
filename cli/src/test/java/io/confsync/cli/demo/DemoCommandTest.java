package io.confsync.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void demo_noWait_showsEditsArrivingDriftRevertedHooksAndStatus() {
        CliRun r = CliRun.of("demo", "--no-wait", "--dir", tmp.toString());

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("initial sync").contains("edit /etc/postfix/main.cf on mx1")
                .contains("atomic save").contains("drift").doesNotContain("did NOT")
                .contains("postfix reload for /etc/postfix").contains("mx2").contains("ready");
    }
}
