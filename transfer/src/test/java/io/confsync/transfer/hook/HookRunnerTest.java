package io.confsync.transfer.hook;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.RelPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void run_matchingHook_runsOnceWithChangedPathsInEnvironment() throws Exception {
        Path log = tmp.resolve("log");
        HookRunner r = new HookRunner(List.of(
                new Hook(RelPath.of("etc/postfix"), "echo \"$CONFSYNC_NODE:$CONFSYNC_CHANGED\" >> " + log,
                        Duration.ofSeconds(10)),
                new Hook(RelPath.of("etc/aliases"), "echo aliases >> " + log, Duration.ofSeconds(10))),
                Map.of("CONFSYNC_NODE", "n2"), tmp);

        List<HookResult> results = r.run(List.of(RelPath.of("etc/postfix/main.cf"), RelPath.of("etc/postfix/master.cf")));

        assertThat(results).hasSize(1);
        assertThat(results.get(0).ok()).isTrue();
        assertThat(Files.readString(log)).isEqualTo("n2:/etc/postfix/main.cf\n/etc/postfix/master.cf\n");
    }

    @Test
    void run_failingHook_reportsExitAndOutput() {
        HookRunner r = new HookRunner(List.of(new Hook(RelPath.of("etc"), "echo broken config >&2; exit 3",
                Duration.ofSeconds(10))), Map.of(), tmp);

        HookResult res = r.run(List.of(RelPath.of("etc/x"))).get(0);

        assertThat(res.exit()).isEqualTo(3);
        assertThat(res.summary()).contains("FAILED").contains("exit 3").contains("broken config");
    }

    @Test
    void run_hookPastTimeout_isKilled() {
        HookRunner r = new HookRunner(List.of(new Hook(RelPath.of("etc"), "sleep 30", Duration.ofMillis(200))),
                Map.of(), tmp);

        HookResult res = r.run(List.of(RelPath.of("etc/x"))).get(0);

        assertThat(res.timedOut()).isTrue();
        assertThat(res.millis()).isLessThan(10_000);
        assertThat(res.summary()).contains("timed out");
    }
}
