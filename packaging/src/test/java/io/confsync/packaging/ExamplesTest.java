package io.confsync.packaging;

import static org.assertj.core.api.Assertions.assertThat;

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
            List<String> names = java.util.regex.Pattern.compile("(?m)^  - name: (\\S+)").matcher(text).results()
                    .map(m -> m.group(1)).toList();
            assertThat(names).as(example.toString()).hasSizeGreaterThan(1);
            for (String name : names) {
                // One file for every node: each host finds itself by its name.
                Config c = new ConfigLoader(example.toString(), null, io.confsync.conf.ThisHost.named(name)).load(text);
                assertThat(c.node()).as(example + " on " + name).isEqualTo(name);
                assertThat(c.namesNode()).isFalse();
            }
        }
    }

    @Test
    void load_installedConffileOnAnyHost_validatesAsAOneNodeCluster() throws Exception {
        Path conffile = ROOT.resolve("packaging/src/deb/etc/confsync.yaml");

        // No node: key: the one node is found by its address, which is every host's.
        io.confsync.conf.ThisHost host = new io.confsync.conf.ThisHost(java.util.Set.of("some-host.example.net"),
                java.util.Set.of("127.0.0.1", "::1"));
        Config c = new ConfigLoader(conffile.toString(), null, () -> host, io.confsync.conf.ThisHost::resolve)
                .load(Files.readString(conffile));

        assertThat(c.nodes()).hasSize(1);
        assertThat(c.node()).isEqualTo("this-node");
        assertThat(c.namesNode()).as("one file for the cluster").isFalse();
        assertThat(c.stateDir()).isEqualTo("/var/lib/confsync");
        assertThat(c.ssh().identity()).isEqualTo("/etc/confsync/id_ed25519");
    }
}
