package io.confsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.manifest.JimfsTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ManifestCommandTest {

    @TempDir
    Path tmp;

    @Test
    void manifest_givenPath_listsEntriesWithDigests() throws Exception {
        JimfsTrees.write(tmp, "etc/app/a.conf", "a = 1\n");

        CliRun r = CliRun.of("manifest", "--state-dir", tmp.resolve("state").toString(), tmp.resolve("etc").toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("file      0644").contains(tmp.resolve("etc/app/a.conf").toString());
    }

    @Test
    void manifest_json_hasDocumentedKeys() throws Exception {
        JimfsTrees.write(tmp, "etc/app/a.conf", "a = 1\n");

        CliRun r = CliRun.of("manifest", "--json", "--state-dir", tmp.resolve("state").toString(),
                tmp.resolve("etc").toString(), tmp.resolve("missing").toString());

        @SuppressWarnings("unchecked")
        Map<String, Object> doc = JsonMapper.builder().build().readValue(r.out(), Map.class);
        assertThat((Map<Object, Object>) doc.get("roots")).containsEntry(tmp.resolve("missing").toString(), "missing");
        Map<?, ?> file = ((List<Map<?, ?>>) doc.get("entries")).stream()
                .filter(e -> e.get("kind").equals("file")).findFirst().orElseThrow();
        assertThat(file.keySet().stream().map(Object::toString).toList()).containsExactly("path", "kind", "mode", "owner", "group", "uid", "gid", "size",
                "mtime_ns", "xxh64", "target", "xattrs", "linked_to", "holes");
        assertThat(file.get("target")).isNull();
        assertThat(doc.get("schema")).isEqualTo(1);
        assertThat(file.get("mtime_ns")).isEqualTo(JimfsTrees.OLD_MTIME);
    }

    @Test
    void manifest_configured_usesConfigSyncSetUnderNodeRoot() throws Exception {
        Path root = tmp.resolve("node1");
        JimfsTrees.write(root, "etc/postfix/main.cf", "x\n");
        JimfsTrees.write(root, "etc/other", "not synced\n");
        Path config = Files.writeString(tmp.resolve("confsync.yaml"), """
                cluster: test
                node: n1
                nodes:
                  - name: n1
                    address: 127.0.0.1
                    root: %s
                sync:
                  - path: /etc/postfix
                state-dir: %s
                """.formatted(root, tmp.resolve("state")));

        CliRun r = CliRun.of("manifest", "--config", config.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("/etc/postfix/main.cf").doesNotContain("other");
    }

    @Test
    void manifest_badConfig_isOneLineWithPositionAndExit78() throws Exception {
        Path config = Files.writeString(tmp.resolve("bad.yaml"), "cluster: test\nnodez: []\n");

        CliRun r = CliRun.of("manifest", "--config", config.toString());

        assertThat(r.code()).isEqualTo(ExitCode.CONFIG);
        assertThat(r.err()).isEqualTo("confsync: " + config + ":2:1: unknown key 'nodez' in the configuration "
                + "(did you mean 'nodes'?)\n");
    }
}
