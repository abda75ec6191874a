package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.JsonDocument;
import io.confsync.manifest.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's {@code --json} output, as the launcher prints it, is valid by its documented
 * schema (docs/schema/) and follows the one convention: snake_case keys, {@code "schema"} first,
 * null for what is absent.
 */
class JsonOutputTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private static String ok(Processes.Ran r, int code) {
        assertThat(r.code()).as(r.all()).isEqualTo(code);
        assertThat(r.out().strip()).startsWith("{\n  \"schema\" : 1,");
        assertThat(r.out()).doesNotContainPattern("\"[a-z]+[A-Z][A-Za-z]*\" :"); // no camelCase key
        return r.out();
    }

    private Processes.Ran launch(String... args) throws Exception {
        return Processes.run(Processes.confsync(args), null, MAX);
    }

    @Test
    void manifestAndLocalSync_json_validByTheirSchemas() throws Exception {
        Path from = tmp.resolve("from/etc");
        Files.createDirectories(tmp.resolve("to"));
        Files.createDirectories(from.resolve("app"));
        Files.writeString(from.resolve("app/a.conf"), "a\n");
        Files.createSymbolicLink(from.resolve("app/current"), Path.of("a.conf"));
        String state = tmp.resolve("state").toString();

        JsonSchemas.assertValid("manifest", ok(launch("manifest", "--json", "--state-dir", state, from.toString(),
                tmp.resolve("missing").toString()), 0));
        String[] sync = {"sync", "--from", from.toString(), "--to", tmp.resolve("to/etc").toString(), "--state-dir",
            state, "--json"};
        String dry = ok(launch(concat(sync, "--dry-run")), 0);
        JsonSchemas.assertValid("sync", dry);
        assertThat(JsonDocument.read(dry).get("result")).isNull();
        JsonSchemas.assertValid("sync", ok(launch(sync), 0));
    }

    @Test
    void clusterCommands_json_validByTheirSchemas() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").embedded("n3").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");
            String n1 = cluster.config("n1").toString();

            JsonSchemas.assertValid("cluster-sync", ok(launch("sync", "--config", n1, "--dry-run", "--json"), 0));
            JsonSchemas.assertValid("cluster-sync", ok(launch("sync", "--config", n1, "--json"), 0));
            Files.writeString(cluster.root("n2").resolve("etc/app/a.conf"), "edited on n2\n");
            JsonSchemas.assertValid("audit", ok(launch("audit", "--config", n1, "--json"), 1));
            cluster.stopServer("n3");
            String live = ok(launch("status", "--live", "--config", n1, "--json"), 2);
            JsonSchemas.assertValid("status-live", live);
            Map<?, ?> n3 = ((List<?>) JsonDocument.read(live).get("nodes")).stream().map(o -> (Map<?, ?>) o)
                    .filter(m -> m.get("node").equals("n3")).findFirst().orElseThrow();
            assertThat(n3.get("epoch")).isNull();
            assertThat(n3.get("drift")).isNull();
            assertThat(n3.get("last_error").toString()).contains("connection refused");

            // promote from n2: refused (n3 unreachable) and forced, dry run; one document each.
            String n2 = cluster.config("n2").toString();
            String refused = ok(launch("promote", "--config", n2, "--dry-run", "--json"), 3);
            JsonSchemas.assertValid("cluster-sync", refused);
            assertThat(JsonDocument.read(refused).get("promoted")).isEqualTo(false);
            assertThat(JsonDocument.read(refused).get("refusals").toString()).contains("n3 cannot be reached");
            String forced = ok(launch("promote", "--config", n2, "--dry-run", "--force", "--json"), 0);
            JsonSchemas.assertValid("cluster-sync", forced);
            assertThat(JsonDocument.read(forced).get("forced")).isEqualTo(true);
        }
    }

    @Test
    void status_json_isStatusJsonValidByItsSchema() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").hook("echo hooked").start()) {
            Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(cluster.root("n1").resolve("etc/app/a.conf"), "a\n");
            Processes.Watched run = cluster.runSource();
            try {
                assertThat(Await.until(cluster.state("n1"), MAX, () -> StatusFile.ready(cluster, "n2")))
                        .as(StatusFile.text(cluster)).isTrue();
                String json = ok(launch("status", "--config", cluster.config("n1").toString(), "--json"), 0);
                JsonSchemas.assertValid("status", json);
                assertThat(StatusFile.node(cluster, "n2").get("last_hook").toString()).contains("exit 0");
            } finally {
                Processes.stop(run.process());
            }
        }
    }

    @Test
    void assertValid_undocumentedKeyOrWrongType_rejected() {
        String good = "{\"schema\": 1, \"source\": \"n1\", \"overall\": \"GOOD\", \"problems\": [], \"nodes\": []}";
        JsonSchemas.assertValid("status-live", good);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonSchemas.assertValid("status-live",
                good.replace("\"nodes\": []", "\"nodes\": [], \"lastError\": \"\""))).isInstanceOf(AssertionError.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JsonSchemas.assertValid("status-live",
                good.replace("\"schema\": 1", "\"schema\": \"1\""))).isInstanceOf(AssertionError.class);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
