package io.confsync.tests;

import io.confsync.cli.CliRun;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.HashCache;
import io.confsync.manifest.Manifest;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.Scanner;
import io.confsync.manifest.SyncRoot;
import io.confsync.transfer.ssh.KnownHosts;
import io.confsync.transfer.ssh.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A loopback cluster under one directory: node {@code n1} is the source; every standby has its own
 * root, state directory and config file. Standbys on the embedded transport run {@code confsync
 * serve} as child processes.
 */
final class Cluster implements AutoCloseable {

    static final PathRules RULES = new PathRules(List.of(SyncRoot.of(RelPath.of("etc/app")),
            SyncRoot.of(RelPath.of("etc/aliases"))));

    /** How a standby is reached. */
    record Member(String name, int port, String transport, String user, String command) {
    }

    final Path dir;
    final Path keys;
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Process> servers = new LinkedHashMap<>();
    private String hook;
    private String client = "mina";
    private final List<String> extraSync = new ArrayList<>();
    private final List<String> extraTop = new ArrayList<>();
    private final List<String> extraSsh = new ArrayList<>();
    private final Map<String, Integer> routes = new LinkedHashMap<>();
    private boolean shared;
    private boolean ownKeys;
    private String syncSection;

    /** Adds top-level YAML to every node's config, e.g. a {@code limits:} section (before {@link #start()}). */
    Cluster yaml(String lines) {
        extraTop.add(lines);
        return this;
    }

    /** Adds lines to every node's {@code ssh:} section, e.g. {@code "  keepalive: 1s"} (before {@link #start()}). */
    Cluster ssh(String lines) {
        extraSsh.add(lines);
        return this;
    }

    /**
     * Makes the other nodes reach {@code node} on {@code port} (a relay in front of its server) and
     * trusts its host key there too.
     */
    Cluster route(String node, int port) throws IOException {
        routes.put(node, port);
        var hostKey = SshKeys.readOrCreate(state(node).resolve("ssh_host_ed25519_key"), node);
        trust(port, SshKeys.publicLine(hostKey.getPublic()));
        for (Member m : members) {
            config(m.name());
        }
        return this;
    }

    /**
     * Gives every node the same configuration file, byte for byte: no {@code node:} and no
     * {@code state-dir:} in it; each node's commands and server take {@code --node} and
     * {@code --state-dir} instead ({@link #nodeArgs}), as loopback nodes share one host (before {@link #start()}).
     */
    Cluster shared() {
        this.shared = true;
        return this;
    }

    /**
     * Gives every node key files of its own, as on separate hosts: {@code ssh.identity},
     * {@code ssh.known-hosts} and {@code serve.authorized-keys} are relative paths, inside each
     * node's state directory; nothing is put in them (before {@link #start()}, with {@link #shared()}).
     */
    Cluster ownKeys() {
        this.ownKeys = true;
        return this;
    }

    /** Replaces the whole {@code sync:} section (before {@link #start()}). */
    Cluster syncSection(String yaml) {
        this.syncSection = yaml;
        return this;
    }

    /** What a node's commands add to be that node: {@code --node} and {@code --state-dir} for a {@link #shared()} file. */
    List<String> nodeArgs(String node) {
        return shared ? List.of("--node", node, "--state-dir", state(node).toString()) : List.of();
    }

    /** Adds a sync entry, as YAML lines under {@code sync:} (before {@link #start()}). */
    Cluster sync(String entry) {
        extraSync.add(entry);
        return this;
    }

    /** Uses this SSH client ({@code mina} or {@code openssh}) on every node (before {@link #start()}). */
    Cluster client(String name) {
        this.client = name;
        return this;
    }

    /** Sets the on-change hook of /etc/app for every node (before {@link #start()}). */
    Cluster hook(String command) {
        this.hook = command;
        return this;
    }

    Cluster(Path dir) throws IOException {
        this.dir = dir;
        this.keys = Files.createDirectories(dir.resolve("keys"));
        var client = SshKeys.readOrCreate(keys.resolve("id_ed25519"), "n1");
        Files.writeString(keys.resolve("authorized_keys"), SshKeys.publicLine(client.getPublic()) + " n1\n");
        Files.writeString(keys.resolve("known_hosts"), "");
        members.add(new Member("n1", Processes.freePort(), "embedded", "confsync", null));
    }

    /** Adds an embedded standby to a running cluster: rewrites every config, trusts its key, starts it. */
    Cluster join(String node) throws IOException, InterruptedException {
        Member m = new Member(node, Processes.freePort(), "embedded", "confsync", null);
        members.add(m);
        for (Member x : members) {
            config(x.name());
        }
        Files.createDirectories(root(node));
        var hostKey = SshKeys.readOrCreate(state(node).resolve("ssh_host_ed25519_key"), node);
        trust(m.port(), SshKeys.publicLine(hostKey.getPublic()));
        startServer(node);
        return this;
    }

    /** Drops a node from every remaining node's list and rewrites their configs. */
    Cluster without(String node) throws IOException {
        members.removeIf(m -> m.name().equals(node));
        for (Member m : members) {
            config(m.name());
        }
        return this;
    }

    /** Adds an embedded-transport standby; {@link #start()} starts its server. */
    Cluster embedded(String name) throws IOException {
        members.add(new Member(name, Processes.freePort(), "embedded", "confsync", null));
        return this;
    }

    /** Adds an exec-transport standby reached through an OpenSSH sshd on {@code port}. */
    Cluster exec(String name, int port, String user) {
        members.add(new Member(name, port, "exec", user, null));
        return this;
    }

    /** The SSH port a node is reached on. */
    int port(String node) {
        return members.stream().filter(m -> m.name().equals(node)).findFirst().orElseThrow().port();
    }

    Path root(String node) {
        return dir.resolve(node);
    }

    Path state(String node) {
        return dir.resolve("state").resolve(node);
    }

    /** Writes a file under a node's root, with its parent directories. */
    void write(String node, String rel, String text) throws IOException {
        Path p = root(node).resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** Where a node's config file is, as it is now (not written again). */
    Path configFile(String node) {
        return dir.resolve("config/" + node + ".yaml");
    }

    /** Writes every node's config; returns the path of one. */
    Path config(String node) throws IOException {
        StringBuilder y = new StringBuilder("cluster: test\n" + (shared ? "" : "node: " + node + "\n") + "nodes:\n");
        for (Member m : members) {
            int port = !m.name().equals(node) && routes.containsKey(m.name()) ? routes.get(m.name()) : m.port();
            y.append("  - name: ").append(m.name()).append("\n    address: 127.0.0.1\n    port: ").append(port)
                    .append("\n    root: ").append(root(m.name())).append("\n    transport: ").append(m.transport())
                    .append("\n    user: ").append(m.user()).append('\n');
            if (m.transport().equals("exec")) {
                // The launcher, as an operator's forced command runs it: sshd gives it no locale.
                List<String> receive = new ArrayList<>(List.of("receive", "--stdio", "--config",
                        dir.resolve("config/" + m.name() + ".yaml").toString()));
                receive.addAll(nodeArgs(m.name()));
                y.append("    command: \"").append(String.join(" ", Processes.launcher(receive.toArray(String[]::new))))
                        .append("\"\n");
            }
        }
        if (syncSection != null) {
            y.append(syncSection);
        } else {
            y.append("sync:\n  - path: /etc/app\n    exclude: [\"*.swp\"]\n");
            if (hook != null) {
                y.append("    on-change: '").append(hook).append("'\n    on-change-timeout: 20s\n");
            }
            y.append("  - path: /etc/aliases\n");
            extraSync.forEach(e -> y.append(e).append('\n'));
        }
        if (!shared) {
            y.append("state-dir: ").append(state(node)).append('\n');
        }
        Path keyDir = ownKeys ? Path.of("") : keys; // relative: inside each node's state directory
        y.append("ssh:\n  identity: ").append(keyDir.resolve("id_ed25519")).append("\n  known-hosts: ")
                .append(keyDir.resolve("known_hosts")).append("\n  client: ").append(client).append('\n');
        extraSsh.forEach(e -> y.append(e).append('\n'));
        y.append("serve:\n  authorized-keys: ").append(keyDir.resolve("authorized_keys")).append('\n');
        extraTop.forEach(e -> y.append(e).append('\n'));
        Path p = dir.resolve("config/" + node + ".yaml");
        Files.createDirectories(p.getParent());
        Files.writeString(p, y.toString());
        return p;
    }

    /**
     * Writes all configs, pre-creates every embedded node's host key into known_hosts (n1's too, for
     * failover), and starts the standbys' servers.
     */
    Cluster start() throws IOException, InterruptedException {
        for (Member m : members) {
            config(m.name());
            Files.createDirectories(root(m.name()));
            if (m.transport().equals("embedded")) {
                var hostKey = SshKeys.readOrCreate(state(m.name()).resolve("ssh_host_ed25519_key"), m.name());
                trust(m.port(), SshKeys.publicLine(hostKey.getPublic()));
            }
        }
        try {
            for (Member m : members.subList(1, members.size())) {
                if (m.transport().equals("embedded")) {
                    startServer(m.name());
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close(); // the servers already started: the caller never gets this cluster to close
            throw e;
        }
        return this;
    }

    /** Adds a known_hosts line. */
    void trust(int port, String publicLine) throws IOException {
        Files.writeString(keys.resolve("known_hosts"), KnownHosts.hostPattern("127.0.0.1", port) + " " + publicLine
                + "\n", StandardOpenOption.APPEND);
    }

    void startServer(String node) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve", "--config", dir.resolve("config/" + node + ".yaml").toString()));
        args.addAll(nodeArgs(node));
        servers.put(node, Processes.startAndAwait(Processes.confsync(args.toArray(String[]::new)),
                l -> l.contains("serving " + node), Duration.ofSeconds(60)));
    }

    /** Starts {@code confsync run} on n1 through the launcher and waits until it is the source (60 s at most). */
    Processes.Watched runSource() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "--config", config("n1").toString()));
        args.addAll(nodeArgs("n1"));
        return Processes.Watched.start(Processes.confsync(args.toArray(String[]::new)),
                l -> l.contains("is the source of"), Duration.ofSeconds(60));
    }

    /** The running {@code confsync serve} of a node. */
    Process server(String node) {
        return servers.get(node);
    }

    void stopServer(String node) {
        Processes.stop(servers.remove(node));
    }

    /**
     * {@code confsync ARGS --config NODE's file} through the launcher, as that node (its
     * {@link #nodeArgs} on every command but {@code audit}, whose {@code --node} picks the nodes
     * audited: CONFSYNC_NODE names it there), with the environment given added.
     */
    Processes.Ran launch(String node, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", configFile(node).toString()));
        Map<String, String> whole = new LinkedHashMap<>(System.getenv());
        whole.putAll(env);
        if (shared && args[0].equals("audit")) {
            all.addAll(List.of("--state-dir", state(node).toString()));
            whole.put("CONFSYNC_NODE", node);
        } else {
            all.addAll(nodeArgs(node));
        }
        return Processes.run(Processes.launcher(all.toArray(String[]::new)), whole, Duration.ofSeconds(60));
    }

    /** Runs {@code confsync ARGS --config n1.yaml} in this JVM, as the source. */
    CliRun source(String... args) {
        return as("n1", args);
    }

    /** Runs {@code confsync ARGS --config NODE.yaml} in this JVM, as that node. */
    CliRun as(String node, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(dir.resolve("config/" + node + ".yaml").toString());
        all.addAll(nodeArgs(node));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** The manifest of a node's sync set. */
    Manifest manifest(String node) throws IOException {
        return new Scanner(new HashCache(), Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC))
                .scan(root(node), RULES).manifest();
    }

    /** Entries of {@code node} that differ from the source's, for assertion messages. */
    List<FileEntry> differences(String node) throws IOException {
        Manifest a = manifest("n1");
        Manifest b = manifest(node);
        return Stream.concat(a.entries().stream().filter(e -> !e.equals(b.get(e.path()))),
                b.entries().stream().filter(e -> !a.contains(e.path()))).toList();
    }

    @Override
    public void close() {
        for (Process p : servers.values()) {
            Processes.stop(p);
        }
        servers.clear();
    }
}
