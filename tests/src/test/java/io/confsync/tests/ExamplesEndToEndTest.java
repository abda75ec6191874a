package io.confsync.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped examples, the seeds' deployments, run end to end on loopback nodes: each example's
 * own sync section and settings (its nodes, state directory and SSH client replaced by loopback
 * ones, its on-change commands by {@code true}), one file for every node, a full sync through the
 * launcher, then an audit that finds every node in sync with its own node-local files kept.
 */
class ExamplesEndToEndTest {

    private static final Path EXAMPLES = Path.of("").toAbsolutePath().getParent().resolve("examples");
    /** Top-level keys replaced by the loopback cluster's own. */
    private static final Set<String> REPLACED = Set.of("cluster", "node", "nodes", "state-dir", "ssh", "serve");

    @TempDir
    Path tmp;

    /** The example's sections that the loopback cluster keeps, hooks made harmless. */
    static String sections(String example) throws IOException {
        StringBuilder out = new StringBuilder();
        boolean keep = false;
        for (String line : Files.readString(EXAMPLES.resolve(example)).split("\n")) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (!line.startsWith(" ")) {
                keep = !REPLACED.contains(line.substring(0, line.indexOf(':')));
            }
            if (keep) {
                out.append(line.replaceFirst("^(\\s+on-change:).*$", "$1 'true'")).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Runs one example: {@code shared} on n1 only, {@code own} (path to content pattern, {@code %s}
     * the node's name) on every node; after a sync, every standby holds {@code shared} and its own.
     */
    private void run(String example, int nodes, Map<String, String> shared, Map<String, String> own)
            throws Exception {
        Cluster c = new Cluster(tmp).shared().syncSection(sections(example));
        for (int i = 2; i <= nodes; i++) {
            c.embedded("n" + i);
        }
        try (Cluster cluster = c.start()) {
            List<String> names = java.util.stream.IntStream.rangeClosed(1, nodes).mapToObj(i -> "n" + i).toList();
            for (var e : shared.entrySet()) {
                cluster.write("n1", e.getKey(), e.getValue());
            }
            for (String n : names) {
                for (var e : own.entrySet()) {
                    cluster.write(n, e.getKey(), e.getValue().formatted(n));
                }
            }

            Processes.Ran sync = cluster.launch("n1", Map.of(), "sync");

            assertThat(sync.code()).as(sync.all()).isZero();
            for (String n : names.subList(1, names.size())) {
                for (var e : shared.entrySet()) {
                    assertThat(Files.readString(cluster.root(n).resolve(e.getKey()))).as(n + " " + e.getKey())
                            .isEqualTo(e.getValue());
                }
                for (var e : own.entrySet()) {
                    assertThat(Files.readString(cluster.root(n).resolve(e.getKey()))).as(n + " " + e.getKey())
                            .isEqualTo(e.getValue().formatted(n));
                }
            }
            Processes.Ran audit = cluster.launch("n1", Map.of(), "audit");
            assertThat(audit.code()).as(audit.all()).isZero();
            assertThat(audit.out()).contains((nodes - 1) + " in sync, 0 drifted");
            if (!own.isEmpty()) {
                assertThat(audit.out()).contains("node-local paths not compared");
            }
        }
    }

    @Test
    void bluemindPair_wholeEtcWithItsProfileAndTwoFilesOutside_syncedWithEachHostsOwnKept() throws Exception {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("etc/bm/bm.ini", "[global]\nexternal-url = mail.example.org\n");
        shared.put("etc/bm-webmail/bm-webmail.conf", "max_upload = 20M\n");
        shared.put("etc/nginx/sites-available/bm-webserver", "server { listen 443 ssl; }\n");
        shared.put("etc/ssl/certs/bm_cert.pem", "-----BEGIN CERTIFICATE-----\nBM\n");
        shared.put("etc/postfix/main.cf", "myorigin = example.org\n");
        shared.put("etc/aliases", "postmaster: root\n");
        shared.put("usr/share/bm-elasticsearch/config/elasticsearch.yml", "cluster.name: bluemind\n");
        shared.put("var/lib/bm-ca/ca-cert.pem", "-----BEGIN CERTIFICATE-----\nCA\n");
        Map<String, String> own = new LinkedHashMap<>();
        own.put("etc/hostname", "%s.example.org\n");
        own.put("etc/machine-id", "%s-0123456789abcdef\n");
        own.put("etc/hosts", "127.0.1.1 %1$s.example.org %1$s\n");
        own.put("etc/network/interfaces", "# %s's own addresses\n");
        own.put("etc/ssh/ssh_host_ed25519_key", "host key of %s\n");
        own.put("etc/passwd", "root:x:0:0::/root:/bin/sh\n%s:x:999:999::/:/bin/false\n");
        own.put("etc/bm/mcast.id", "%s\n");
        own.put("etc/bm/local/bm-core.heap", "# %s\nMEM=2048\n");
        run("bluemind-2node.yaml", 2, shared, own);
    }

    @Test
    void ciphermailTrio_ansibleTreeWithHostVars_syncedToBothStandbys() throws Exception {
        Map<String, String> shared = new LinkedHashMap<>();
        shared.put("etc/ciphermail/ansible/site.yml", "- hosts: all\n  roles: [ciphermail]\n");
        shared.put("etc/ciphermail/ansible/group_vars/all.yml", "smtp_relay: relay.example.org\n");
        // Per-host settings are synced too: Ansible applies each host's on that host.
        for (String n : List.of("cm1", "cm2", "cm3")) {
            shared.put("etc/ciphermail/ansible/host_vars/" + n + ".example.org/vars.yml", "hostname: " + n + "\n");
        }
        shared.put("etc/ssl/certs/ciphermail-ca.pem", "-----BEGIN CERTIFICATE-----\nCA\n");
        shared.put("etc/ssl/certs/ciphermail-gw.pem", "-----BEGIN CERTIFICATE-----\nGW\n");
        shared.put("etc/ssl/private/ciphermail-gw.key", "-----BEGIN PRIVATE KEY-----\nK\n");
        shared.put("etc/sysctl.d/90-ciphermail.conf", "net.core.somaxconn = 1024\n");
        run("ciphermail-3node.yaml", 3, shared, Map.of());
    }

    @Test
    void postfixPair_shippedTree_syncedToTheStandby() throws Exception {
        Map<String, String> shared = new LinkedHashMap<>();
        try (var s = Files.walk(EXAMPLES.resolve("etc"))) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                if (!p.startsWith(EXAMPLES.resolve("etc/postfix")) && !p.endsWith("etc/aliases")) {
                    continue; // not in its sync set
                }
                shared.put(EXAMPLES.relativize(p).toString(), Files.readString(p));
            }
        }
        shared.put("etc/ssl/private/mx.key", "-----BEGIN PRIVATE KEY-----\nMX\n");
        assertThat(shared).containsKeys("etc/postfix/main.cf", "etc/aliases");
        run("postfix-pair.yaml", 2, shared, Map.of());
    }
}
