package io.confsync.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String GOOD = """
            cluster: mailgw
            node: mx2
            nodes:
              - name: mx1
                address: 10.0.0.1
              - name: mx2
                address: 10.0.0.2
                port: 2222
            sync:
              - path: /etc/postfix
                exclude: ["*.swp", "cache/**"]
                on-change: systemctl reload postfix
              - path: /etc/aliases
                on-change: newaliases
            delete: false
            backups:
              keep: 5
            state-dir: /var/lib/confsync-test
            limits:
              max-file-size: 8MiB
              max-delete-share: 25%
            """;

    private Config load(String yaml) throws ConfigException {
        return new ConfigLoader("confsync.yaml", null, ThisHost.named("mx1")).load(yaml);
    }

    @Test
    void load_fullExample_bindsEveryKey() throws Exception {
        Config c = load(GOOD);

        assertThat(c.cluster()).isEqualTo("mailgw");
        assertThat(c.node()).isEqualTo("mx2");
        assertThat(c.nodes()).containsExactly(Node.of("mx1", "10.0.0.1"),
                new Node("mx2", "10.0.0.2", 2222, "/", Node.Transport.EXEC, "root", Node.DEFAULT_COMMAND));
        assertThat(c.ssh()).isEqualTo(SshConfig.DEFAULT);
        assertThat(c.serve()).isEqualTo(ServeConfig.DEFAULT);
        assertThat(c.sync().get(0)).isEqualTo(new SyncEntry("/etc/postfix", java.util.List.of("*.swp", "cache/**"),
                "systemctl reload postfix", SyncEntry.DEFAULT_TIMEOUT, false));
        assertThat(c.delete()).isFalse();
        assertThat(c.backupsKeep()).isEqualTo(5);
        assertThat(c.stateDir()).isEqualTo("/var/lib/confsync-test");
        assertThat(c.limits()).isEqualTo(new Limits(8L << 20, 1L << 30, 0.25));
        assertThat(c.clusterView().bootstrapSource().name()).isEqualTo("mx1");
        assertThat(ConfigLoader.rules(c).roots()).hasSize(2);
    }

    @Test
    void load_alarmAfterAndMetrics_defaultsAndBound() throws Exception {
        Config plain = load(GOOD);
        assertThat(plain.alarmAfter()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(plain.metrics()).isNull();

        Config set = load(GOOD + "alarm-after: 2m\nmetrics:\n  listen: 9464\n");
        assertThat(set.alarmAfter()).isEqualTo(java.time.Duration.ofMinutes(2));
        assertThat(set.metrics()).isEqualTo(new MetricsConfig("127.0.0.1", 9464));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> load(GOOD + "metrics:\n  listen: nowhere\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("confsync.yaml:").hasMessageContaining("listen");
    }

    @Test
    void load_anyByteChanged_otherFingerprint() throws Exception {
        Config c = load(GOOD);

        assertThat(c.fingerprint())
                .isEqualTo(ConfigLoader.fingerprint(GOOD.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(load(GOOD).fingerprint())
                .isNotEqualTo(load(GOOD + "# edited\n").fingerprint());
    }

    @Test
    void load_transportsAndSshSections_bind() throws Exception {
        Config c = load(GOOD.replace("    port: 2222\n", "    port: 2299\n    transport: embedded\n")
                + "ssh:\n  identity: /root/.ssh/id_ed25519\n  keepalive: 5s\nserve:\n  port: 2299\n  user: sync\n");

        assertThat(c.nodes().get(1).transport()).isEqualTo(Node.Transport.EMBEDDED);
        assertThat(c.nodes().get(1).user()).isEqualTo("confsync");
        assertThat(c.ssh().identity()).isEqualTo("/root/.ssh/id_ed25519");
        assertThat(c.ssh().keepalive()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.serve().user()).isEqualTo("sync");
        assertThat(c.ssh().openSsh()).as("the default: OpenSSH where ssh is on the PATH")
                .isEqualTo(SshConfig.sshOn(System.getenv("PATH")));
        assertThatThrownBy(() -> load(GOOD.replace("    port: 2222\n", "    port: 2222\n    transport: rsh\n")))
                .hasMessageContaining("bad value for 'transport'").hasMessageContaining("exec or embedded");
        assertThat(load(GOOD + "ssh:\n  client: openssh\n").ssh().openSsh()).isTrue();
        assertThat(load(GOOD + "ssh:\n  client: mina\n").ssh().openSsh()).isFalse();
        assertThatThrownBy(() -> load(GOOD + "ssh:\n  client: putty\n")).hasMessageContaining(":23:11:")
                .hasMessageContaining("mina or openssh");
    }

    @Test
    void keyFile_relativeKeyPaths_liveInsideThisNodesStateDirWhateverTheCommandLineChose() throws Exception {
        Config c = load(GOOD + "ssh:\n  identity: keys/id_ed25519\n  known-hosts: /etc/confsync/known_hosts\n"
                + "serve:\n  authorized-keys: authorized_keys/\n").withStateDir("/srv/state/n2");

        assertThat(c.keyFile(c.ssh().identity())).isEqualTo(Path.of("/srv/state/n2/keys/id_ed25519"));
        assertThat(c.keyFile(c.ssh().knownHosts())).isEqualTo(Path.of("/etc/confsync/known_hosts"));
        assertThat(c.keyFile(c.serve().authorizedKeys())).isEqualTo(Path.of("/srv/state/n2/authorized_keys"));
        assertThatThrownBy(() -> load(GOOD + "ssh:\n  identity: ../id_ed25519\n"))
                .hasMessageContaining("identity").hasMessageContaining("a relative one inside state-dir");
    }

    @Test
    void load_nodeOmitted_defaultsToHostName() throws Exception {
        assertThat(load(GOOD.replace("node: mx2\n", "")).node()).isEqualTo("mx1");
    }

    @Test
    void load_unknownKey_namesLineColumnAndClosestKey() {
        assertThatThrownBy(() -> load(GOOD.replace("    port: 2222", "    prot: 2222")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("confsync.yaml:8:5: unknown key 'prot' in a node (did you mean 'port'?)");
    }

    @Test
    void load_wrongType_namesLine() {
        assertThatThrownBy(() -> load(GOOD.replace("port: 2222", "port: [1, 2]")))
                .hasMessage("confsync.yaml:8:11: 'port' must be a whole number, not a list")
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> load(GOOD.replace("port: 2222", "port: ssh")))
                .hasMessageStartingWith("confsync.yaml:8:11: bad value for 'port'");
        assertThatThrownBy(() -> load(GOOD.replace("delete: false", "delete: maybe")))
                .hasMessageStartingWith("confsync.yaml:15:9: bad value for 'delete'");
    }

    @Test
    void load_missingRequiredKey_namesMappingAndKey() {
        assertThatThrownBy(() -> load(GOOD.replace("    address: 10.0.0.2\n", "")))
                .hasMessageStartingWith("confsync.yaml:6:5: missing required key 'address' in a node");
        assertThatThrownBy(() -> load(GOOD.replace("cluster: mailgw\n", "")))
                .hasMessageStartingWith("confsync.yaml:1:1: missing required key 'cluster'");
    }

    @Test
    void load_badQuantities_areRejectedWithLine() {
        assertThatThrownBy(() -> load(GOOD.replace("8MiB", "8 parsecs")))
                .hasMessageStartingWith("confsync.yaml:20:18: bad value for 'max-file-size'");
        assertThatThrownBy(() -> load(GOOD.replace("25%", "250%")))
                .hasMessageStartingWith("confsync.yaml:21:21: bad value for 'max-delete-share'");
    }

    @Test
    void load_duplicatesAndMembership_areRejected() {
        assertThatThrownBy(() -> load(GOOD.replace("name: mx2", "name: mx1")))
                .hasMessageContaining(":6:11: duplicate node name 'mx1' (first used on line 4)");
        assertThatThrownBy(() -> load(GOOD.replace("node: mx2", "node: mx9")))
                .hasMessageContaining(":2:7: node 'mx9' is not in the nodes list");
        assertThatThrownBy(() -> load(GOOD.replace("delete: false", "delete: false\ndelete: true")))
                .hasMessageContaining(":16:1: duplicate key 'delete'");
    }

    @Test
    void load_relativeOrNestedSyncPath_isRejected() {
        assertThatThrownBy(() -> load(GOOD.replace("path: /etc/aliases", "path: etc/aliases")))
                .hasMessageContaining(":13:11: bad value for 'path'");
        assertThatThrownBy(() -> load(GOOD.replace("path: /etc/aliases", "path: /etc/postfix/sasl")))
                .hasMessageContaining("overlaps /etc/postfix");
        assertThatThrownBy(() -> load(GOOD.replace("path: /etc/aliases", "path: /etc/../shadow")))
                .hasMessageContaining("bad value for 'path'");
    }

    @Test
    void load_syncPathSlash_onlyWhenEveryNodeHasItsOwnRoot() throws Exception {
        assertThatThrownBy(() -> load(GOOD.replace("path: /etc/aliases", "path: /").replace("  - path: /etc/postfix\n"
                + "    exclude: [\"*.swp\", \"cache/**\"]\n    on-change: systemctl reload postfix\n", "")))
                .hasMessageContaining("refusing to synchronize all of '/'");
        String rooted = GOOD.replace("    address: 10.0.0.1\n", "    address: 10.0.0.1\n    root: /srv/a\n")
                .replace("    address: 10.0.0.2\n", "    address: 10.0.0.2\n    root: /srv/b\n")
                .replace("  - path: /etc/aliases\n    on-change: newaliases\n", "")
                .replace("path: /etc/postfix", "path: /");
        assertThat(load(rooted).sync().get(0).path()).isEqualTo("/");
    }

    @Test
    void load_mixedLoopbackAndRemote_isRejected() {
        assertThatThrownBy(() -> load(GOOD.replace("10.0.0.1", "127.0.0.1")))
                .hasMessageContaining("some nodes have loopback addresses");
    }

    @Test
    void load_syntaxError_namesLine() {
        assertThatThrownBy(() -> load("cluster: x\nnodes: [\n"))
                .hasMessageStartingWith("confsync.yaml:")
                .hasMessageContaining("YAML syntax error");
        assertThatThrownBy(() -> load("")).hasMessageContaining("the file is empty");
    }

    @Test
    void units_parseDurationsSizesAndShares() {
        assertThat(Units.duration("10ms")).isEqualTo(Duration.ofMillis(10));
        assertThat(Units.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Units.size("64KiB")).isEqualTo(65536);
        assertThat(Units.size("10MB")).isEqualTo(10_000_000);
        assertThat(Units.share("50%")).isEqualTo(0.5);
        assertThat(Units.bytes(1536)).isEqualTo("1.5 KiB");
        assertThatThrownBy(() -> Units.duration("5 fortnights")).hasMessageContaining("unknown duration unit");
    }

    @Test
    void load_source_firstByDefaultManagedWhenSaid() throws Exception {
        assertThat(load(GOOD).managed()).isFalse();
        assertThat(load(GOOD).clusterView().selfIsBootstrapSource()).isFalse(); // mx2 is not the first
        Config managed = load(GOOD + "source: managed\n");
        assertThat(managed.managed()).isTrue();
        String first = managed.nodes().get(0).name();
        assertThat(new Cluster(managed.cluster(), managed.nodes(), first, true).selfIsBootstrapSource())
                .as("no bootstrap source when managed").isFalse();
        assertThat(new Cluster(managed.cluster(), managed.nodes(), first, false).selfIsBootstrapSource()).isTrue();
        assertThatThrownBy(() -> load(GOOD + "source: pacemaker\n")).hasMessageContaining("first or managed");
    }

    @Test
    void sshOn_pathWithOrWithoutAnExecutableSsh_tellsWhichClientIsTheDefault(@TempDir Path tmp) throws Exception {
        Path none = Files.createDirectories(tmp.resolve("none"));
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path notExecutable = Files.createDirectories(tmp.resolve("plain"));
        Files.writeString(notExecutable.resolve("ssh"), "");
        Files.writeString(bin.resolve("ssh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin.resolve("ssh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(tmp.resolve("dir/ssh"));

        assertThat(SshConfig.sshOn(none + ":" + bin)).isTrue();
        assertThat(SshConfig.sshOn(none + ":" + notExecutable + ":" + tmp.resolve("dir") + "::")).isFalse();
        assertThat(SshConfig.sshOn(null)).isFalse();
        assertThat(SshConfig.sshOn("")).isFalse();
    }

    private static final String ETC = """
            cluster: c
            node: mx1
            nodes:
              - name: mx1
                address: 10.0.0.1
            sync:
              - path: /etc
                node-local: ["app/id", "*.local"]
                profile-except: [hosts]
              - path: /srv/ca.pem
            node-local: [/etc/app/**/host.key]
            """;

    @Test
    void load_etcEntry_takesTheEtcProfileByDefaultLessItsExceptions() throws Exception {
        Config c = load(ETC);
        PathRules rules = ConfigLoader.rules(c);

        assertThat(c.sync().get(0).profile()).contains("hostname", "machine-id", "ssh/ssh_host_*", "network")
                .doesNotContain("hosts").hasSize(EtcProfile.PATTERNS.size() - 1);
        assertThat(c.sync().get(1).profile()).isEmpty();
        assertThat(c.nodeLocal()).containsExactly("/etc/app/**/host.key");
        for (String local : List.of("etc/hostname", "etc/machine-id", "etc/ssh/ssh_host_ed25519_key",
                "etc/network/interfaces", "etc/app/id", "etc/x/y.local", "etc/app/a/b/host.key", "etc/confsync/keys")) {
            assertThat(rules.isNodeLocal(RelPath.of(local))).as(local).isTrue();
            assertThat(rules.includes(RelPath.of(local))).as(local).isFalse();
        }
        for (String synced : List.of("etc/hosts", "etc/postfix/main.cf", "etc/app/hostname", "etc/ssh/sshd_config",
                "srv/ca.pem")) {
            assertThat(rules.includes(RelPath.of(synced))).as(synced).isTrue();
        }
        assertThat(load(ETC.replace("    profile-except: [hosts]\n", "    profile: none\n")).sync().get(0).profile())
                .isEmpty();
    }

    @Test
    void load_badNodeLocalOrProfile_namesLineAndWhatToDo() {
        assertThatThrownBy(() -> load(ETC.replace("[/etc/app/**/host.key]", "[etc/hostname]")))
                .hasMessageContaining("confsync.yaml:11:14: bad node-local pattern: top-level node-local patterns "
                        + "are absolute");
        assertThatThrownBy(() -> load(ETC.replace("[/etc/app/**/host.key]", "[/srv/*]")))
                .hasMessageContaining(":11:14: node-local pattern /srv/* covers sync path /srv/ca.pem itself");
        assertThatThrownBy(() -> load(ETC.replace("[/etc/app/**/host.key]", "[/var/lib/x]")))
                .hasMessageContaining(":11:14: node-local pattern /var/lib/x lies under no sync path");
        assertThatThrownBy(() -> load(ETC.replace("profile-except: [hosts]", "profile: debian")))
                .hasMessageContaining(":9:14: unknown profile 'debian' (use etc or none)");
        assertThatThrownBy(() -> load(ETC.replace("profile-except: [hosts]", "profile-except: [postfix]")))
                .hasMessageContaining(":9:22: 'postfix' is not a pattern of profile 'etc'");
        assertThatThrownBy(() -> load(ETC.replace("[\"app/id\", \"*.local\"]", "[/etc/app/id]")))
                .hasMessageContaining(":8:18: bad node-local pattern: a pattern here is relative to its sync path");
    }
}
