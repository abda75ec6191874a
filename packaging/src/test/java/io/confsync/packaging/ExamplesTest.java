package io.confsync.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.confsync.conf.Config;
import io.confsync.conf.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What the package installs as configuration validates, on the host it is meant for. */
class ExamplesTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void load_everyExampleOnEachOfItsNodes_validates() throws Exception {
        List<Path> examples;
        try (Stream<Path> s = Files.list(ROOT.resolve("examples"))) {
            examples = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(examples).extracting(p -> p.getFileName().toString())
                .contains("postfix-pair.yaml", "bluemind-2node.yaml", "ciphermail-3node.yaml");
        for (Path example : examples) {
            String text = Files.readString(example);
            Config first = new ConfigLoader(example.toString(), null, io.confsync.conf.ThisHost.named("unknown")).load(text.replaceFirst(
                    "(?m)^# node: (\\S+).*$", "node: $1"));
            for (var n : first.nodes()) {
                assertThatCode(() -> new ConfigLoader(example.toString(), null, io.confsync.conf.ThisHost.named(n.name())).load(text)).as(example + " on " + n.name())
                        .doesNotThrowAnyException();
            }
        }
    }

    @Test
    void load_installedConffileOnAnyHost_validatesAsAOneNodeCluster() throws Exception {
        Path conffile = ROOT.resolve("packaging/src/deb/etc/confsync.yaml");

        Config c = new ConfigLoader(conffile.toString(), null, io.confsync.conf.ThisHost.named("some-host.example.net")).load(Files.readString(conffile));

        assertThat(c.nodes()).hasSize(1);
        assertThat(c.node()).isEqualTo("this-node");
        assertThat(c.stateDir()).isEqualTo("/var/lib/confsync");
        assertThat(c.ssh().identity()).isEqualTo("/etc/confsync/id_ed25519");
    }
}
