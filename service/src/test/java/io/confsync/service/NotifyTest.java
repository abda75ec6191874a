package io.confsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NotifyTest {

    @Test
    void of_noNotifySocket_inactiveAndEveryCallANoOp() {
        Notify n = Notify.of(Map.of(), 42);

        assertThat(n.active()).isFalse();
        n.ready("x");
        n.startWatchdog();
        n.close();
    }

    @Test
    void of_watchdogForAnotherPid_noWatchdog() {
        assertThat(Notify.of(Map.of("NOTIFY_SOCKET", "/run/x", "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42)
                .watchdogNanos()).isZero();
        assertThat(Notify.of(Map.of("NOTIFY_SOCKET", "/run/x", "WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42)
                .watchdogNanos()).isEqualTo(30_000_000_000L);
        assertThat(Notify.of(Map.of("NOTIFY_SOCKET", "@abstract", "WATCHDOG_USEC", "1000"), 42).watchdogNanos())
                .isEqualTo(1_000_000L);
    }

    @Test
    void of_socketNameThatIsNoPathOrTooLong_inactive() {
        assertThat(Notify.of(Map.of("NOTIFY_SOCKET", "relative"), 1).active()).isFalse();
        assertThat(Notify.of(Map.of("NOTIFY_SOCKET", "/" + "x".repeat(120)), 1).active()).isFalse();
        assertThat(Notify.of(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), 1).active()).isTrue();
    }
}
