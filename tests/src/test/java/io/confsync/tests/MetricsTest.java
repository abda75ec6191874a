package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.conf.JsonDocument;
import io.confsync.manifest.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run}'s /metrics, scraped over HTTP as Prometheus does and parsed by the official Python
 * client's text-format parser ({@code python3-prometheus-client}), through a sync, an outage and
 * a reload.
 */
class MetricsTest {

    private static final Duration MAX = Duration.ofSeconds(60);
    private static final Pattern SERVED = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");

    @TempDir
    Path tmp;

    /** One parsed sample. */
    record Sample(String name, Map<?, ?> labels, double value) {
    }

    private static List<Sample> scrape(int port) throws java.io.IOException {
        try {
            return parse(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(MAX).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private static List<Sample> parse(HttpResponse<String> r) throws java.io.IOException, InterruptedException {
        assertThat(r.statusCode()).isEqualTo(200);
        Path script = Path.of("src/test/resources/prometheus-parse.py").toAbsolutePath();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString()).redirectErrorStream(true).start();
        try {
            try (var in = p.getOutputStream()) {
                in.write(r.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("the parser on:%n%s%n%s", r.body(), out).isZero();
            List<Sample> samples = new ArrayList<>();
            for (String line : out.lines().toList()) {
                Map<?, ?> m = JsonDocument.read(line);
                samples.add(new Sample((String) m.get("name"), (Map<?, ?>) m.get("labels"),
                        ((Number) m.get("value")).doubleValue()));
            }
            return samples;
        } finally {
            p.destroyForcibly();
        }
    }

    /** The value of a sample with these labels (key, value, ...); NaN when absent. */
    private static double value(List<Sample> samples, String name, String... labels) {
        for (Sample s : samples) {
            boolean match = s.name().equals(name);
            for (int i = 0; match && i < labels.length; i += 2) {
                match = labels[i + 1].equals(s.labels().get(labels[i]));
            }
            if (match) {
                return s.value();
            }
        }
        return Double.NaN;
    }

    @Test
    void run_metricsListen_scrapedThroughSyncOutageAndReload() throws Exception {
        try (Cluster cluster = new Cluster(tmp).embedded("n2").hook("true")
                .yaml("metrics:\n  listen: 127.0.0.1:0").start()) {
            Path app = Files.createDirectories(cluster.root("n1").resolve("etc/app"));
            Files.writeString(app.resolve("a.conf"), "a\n");
            Processes.Watched run = cluster.runSource();
            try {
                Matcher m = SERVED.matcher(run.seen());
                assertThat(m.find()).as(run.seen()).isTrue();
                int port = Integer.parseInt(m.group(1));
                assertThat(Await.until(cluster.state("n1"), MAX, () -> StatusFile.ready(cluster, "n2"))).isTrue();
                Files.writeString(app.resolve("a.conf"), "a, changed\n");
                Path there = cluster.root("n2").resolve("etc/app/a.conf");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> Files.readString(there).equals("a, changed\n")
                        && value(scrape(port), "confsync_batches_total", "node", "n2", "result", "committed") >= 2))
                        .isTrue();

                List<Sample> s = scrape(port);
                assertThat(value(s, "confsync_standby_state", "node", "n2", "state", "ready")).isEqualTo(1);
                assertThat(value(s, "confsync_standby_state", "node", "n2", "state", "down")).isEqualTo(0);
                assertThat(value(s, "confsync_standby_lag_seq", "node", "n2")).isEqualTo(0);
                assertThat(value(s, "confsync_standby_lag_paths", "node", "n2")).isEqualTo(0);
                assertThat(value(s, "confsync_propagation_seconds_count", "node", "n2")).isGreaterThanOrEqualTo(2);
                assertThat(value(s, "confsync_propagation_seconds_bucket", "node", "n2", "le", "+Inf"))
                        .isGreaterThanOrEqualTo(2);
                assertThat(value(s, "confsync_files_sent_total", "node", "n2")).isGreaterThanOrEqualTo(2);
                assertThat(value(s, "confsync_written_bytes_total", "node", "n2")).isGreaterThanOrEqualTo(13);
                assertThat(value(s, "confsync_hook_runs_total", "node", "n2")).isGreaterThanOrEqualTo(2);
                assertThat(value(s, "confsync_hook_failures_total", "node", "n2")).isEqualTo(0);
                assertThat(value(s, "confsync_epoch")).isEqualTo(1);
                assertThat(value(s, "confsync_seq")).isGreaterThanOrEqualTo(2);
                assertThat(value(s, "confsync_full_rescans_total")).isGreaterThanOrEqualTo(1);
                assertThat(value(s, "confsync_last_batch_timestamp_seconds", "node", "n2")).isGreaterThan(1.7e9);

                cluster.stopServer("n2");
                Files.writeString(app.resolve("b.conf"), "b, while n2 is down\n");
                assertThat(Await.until(cluster.state("n1"), MAX, () -> {
                    List<Sample> now = scrape(port);
                    return value(now, "confsync_standby_state", "node", "n2", "state", "down") == 1
                            && value(now, "confsync_standby_lag_paths", "node", "n2") >= 1
                            && value(now, "confsync_standby_lag_seq", "node", "n2") >= 1;
                })).isTrue();

                Processes.signal(run.process(), "HUP"); // the file is unchanged
                assertThat(Await.until(cluster.state("n1"), MAX, () -> value(scrape(port), "confsync_reloads_total",
                        "result", "unchanged") == 1)).isTrue();
            } finally {
                Processes.stop(run.process());
            }
        }
    }
}
