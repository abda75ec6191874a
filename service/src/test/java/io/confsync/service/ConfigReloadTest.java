package io.confsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigException;
import io.confsync.conf.ConfigLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConfigReloadTest {

    private static final String BASE = "cluster: c\nnode: a\nnodes:\n  - name: a\n    address: 10.0.0.1\n"
            + "  - name: b\n    address: 10.0.0.2\nsync:\n  - path: /etc/app\n";

    private static Config load(String text) throws ConfigException {
        return new ConfigLoader("c.yaml", null, io.confsync.conf.ThisHost.named("a")).load(text);
    }

    @Test
    void take_nothingAsked_null() throws Exception {
        ConfigReload r = new ConfigReload(load(BASE), () -> load(BASE), Clock.systemUTC());

        assertThat(r.take()).isNull();
    }

    @Test
    void take_changedFile_newConfigAndWhatChanged() throws Exception {
        AtomicReference<String> file = new AtomicReference<>(BASE);
        ConfigReload r = new ConfigReload(load(BASE), () -> load(file.get()), Clock.systemUTC());
        file.set(BASE.replace("  - name: b\n    address: 10.0.0.2\n", "  - name: c\n    address: 10.0.0.3\n")
                + "  - path: /etc/aliases\n");

        r.request();
        Config next = r.take();

        assertThat(next).isNotNull();
        assertThat(r.current()).isSameAs(next);
        assertThat(r.requested()).isFalse();
        assertThat(ConfigReload.changes(load(BASE), next))
                .isEqualTo("node added: c; node removed: b; sync entry added: /etc/aliases");
    }

    @Test
    void take_fileThatDoesNotValidate_keepsTheOldAndSaysWhy() throws Exception {
        AtomicReference<String> file = new AtomicReference<>(BASE + "bogus: 1\n");
        Config first = load(BASE);
        ConfigReload r = new ConfigReload(first, () -> load(file.get()),
                Clock.fixed(Instant.parse("2026-12-02T03:00:00Z"), ZoneOffset.UTC));

        r.request();

        assertThat(r.take()).isNull();
        assertThat(r.current()).isSameAs(first);
        assertThat(r.failure()).startsWith("reload failed at 2026-12-02T03:00:00Z: c.yaml:10:1: ")
                .endsWith("; still running on the configuration loaded at 2026-12-02T03:00:00Z");
        file.set(BASE);
        r.request();
        assertThat(r.take()).isNull(); // unchanged
        assertThat(r.failure()).isNull();
    }
}
