package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayShortcutTest {

    @TempDir
    Path tmp;

    private static Path stateDir(String yaml) {
        return RelayShortcut.stateDir(yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void stateDir_plainQuotedOrCommented_found() {
        assertThat(stateDir("cluster: c\nstate-dir: /var/lib/x\nnode: a\n")).isEqualTo(Paths.get("/var/lib/x"));
        assertThat(stateDir("state-dir: \"/srv/state dir\"   # moved\n")).isEqualTo(Paths.get("/srv/state dir"));
        assertThat(stateDir("state-dir: '/srv/s'\r\n")).isEqualTo(Paths.get("/srv/s"));
        assertThat(stateDir("state-dir:   /srv/t   # c\n")).isEqualTo(Paths.get("/srv/t"));
    }

    @Test
    void stateDir_notNamed_theLoadersDefault() {
        assertThat(stateDir("cluster: c\nnode: a\n")).isEqualTo(Paths.get(ConfigLoader.DEFAULT_STATE_DIR));
    }

    @Test
    void stateDir_unusualOrNested_unsure() {
        assertThat(stateDir("state-dir: relative/dir\n")).isNull();
        assertThat(stateDir("ssh:\n  state-dir: /x\n")).isNull();
        assertThat(stateDir("state-dir: \"/x\\ty\"\n")).isNull();
        assertThat(stateDir("state-dir: &anchor /x\n")).isNull();
    }

    @Test
    void run_otherCommandsOrOptions_leftToTheNormalWay() throws Exception {
        Path conf = Files.writeString(tmp.resolve("c.yaml"), "state-dir: " + tmp.resolve("state") + "\n");
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(RelayShortcut.run(new String[] {"sync", "--config", conf.toString()}, err)).isEmpty();
        assertThat(RelayShortcut.run(new String[] {"receive", "--stdio", "--debug", "--config", conf.toString()}, err))
                .isEmpty();
        assertThat(RelayShortcut.run(new String[] {"receive", "--stdio", "--in-process"}, err)).isEmpty();
        assertThat(RelayShortcut.run(new String[] {"receive", "--config", conf.toString()}, err)).isEmpty();
    }

    @Test
    void run_noServiceListening_leftToTheNormalWay() throws Exception {
        Path conf = Files.writeString(tmp.resolve("c.yaml"), "state-dir: " + tmp.resolve("state") + "\n");
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(RelayShortcut.run(new String[] {"receive", "--stdio", "--config=" + conf}, err)).isEmpty();
        assertThat(RelayShortcut.run(new String[] {"receive", "--stdio", "-c", tmp.resolve("missing.yaml").toString()},
                err)).isEmpty();
    }
}
