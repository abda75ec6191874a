package io.confsync.conf;

import io.confsync.manifest.Glob;
import io.confsync.manifest.PathRules;
import io.confsync.manifest.RelPath;
import io.confsync.manifest.SyncRoot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads and validates the configuration file. Every problem is a {@link ConfigException} naming
 * {@code file:line:column}, the key and a hint. Keys are documented in README.md.
 */
public final class ConfigLoader {

    private static final Set<String> TOP = Set.of("cluster", "node", "nodes", "sync", "delete", "backups",
            "state-dir", "limits", "ssh", "serve", "standby-changes", "watch", "alarm-after", "metrics", "source",
            "node-local");
    private static final Set<String> NODE = Set.of("name", "address", "port", "root", "transport", "user", "command");
    private static final Set<String> SSH = Set.of("identity", "known-hosts", "connect-timeout", "idle-timeout",
            "keepalive", "client");
    private static final Set<String> SERVE = Set.of("listen", "port", "host-key", "authorized-keys", "user",
            "idle-timeout");
    private static final Set<String> SYNC = Set.of("path", "exclude", "on-change", "on-change-timeout", "local",
            "settle", "node-local", "profile", "profile-except");
    private static final Set<String> WATCH = Set.of("settle", "max-delay", "max-write-wait");
    private static final Set<String> BACKUPS = Set.of("keep");
    private static final Set<String> METRICS = Set.of("listen");
    private static final Set<String> LIMITS = Set.of("max-file-size", "max-batch-size", "max-delete-share",
            "max-plan-actions", "batch-idle", "batch-time");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    /** Default state directory. */
    public static final String DEFAULT_STATE_DIR = "/var/lib/confsync";

    private final String file;
    private final NodeChoice chosen;
    private final Supplier<ThisHost> host;
    private final Function<String, Set<String>> resolve;

    /**
     * @param file    the file name used in messages
     * @param chosen  this node's name from the command line or environment; null if not given
     * @param host    this host's names and addresses, asked only when neither {@code chosen} nor
     *                the file's {@code node:} names this node
     * @param resolve a node's address to the addresses it stands for ({@link ThisHost#resolve})
     */
    public ConfigLoader(String file, NodeChoice chosen, Supplier<ThisHost> host,
                        Function<String, Set<String>> resolve) {
        this.file = file;
        this.chosen = chosen;
        this.host = host;
        this.resolve = resolve;
    }

    /** A loader that finds this node by the host's names only (tests, the demo). */
    public ConfigLoader(String file, NodeChoice chosen, ThisHost host) {
        this(file, chosen, () -> host, a -> Set.of());
    }

    /**
     * Reads and validates a configuration file, finding this node as {@link #load} says.
     *
     * @param chosen this node's name from {@code --node} or {@code CONFSYNC_NODE}; null if not given
     * @throws ConfigException if it cannot be read or is invalid
     */
    public static Config read(java.nio.file.Path path, NodeChoice chosen, Supplier<ThisHost> host)
            throws ConfigException {
        String text;
        try {
            text = java.nio.file.Files.readString(path);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new ConfigException(path.toString(), Mark.START, "cannot read the configuration: " + e,
                    "give another file with --config or create this one (see README.md)");
        }
        return new ConfigLoader(path.toString(), chosen, host, ThisHost::resolve).load(text);
    }

    /**
     * Parses and validates configuration text. This node is the one named by the command line or
     * environment, else by the {@code node:} key, else the one node whose name is one of the host's
     * names, else the one node whose address is one of the host's interface addresses.
     *
     * @throws ConfigException for the first problem found
     */
    public Config load(String text) throws ConfigException {
        Fields top = Fields.of(file, "the configuration", new YamlReader(file).read(text), TOP);
        String cluster = name(top, "cluster");
        List<Node> nodes = nodes(top);
        String self = self(top, nodes);
        List<SyncEntry> sync = sync(top, nodes);
        List<String> nodeLocal = nodeLocal(top, sync);
        int keep = 10;
        if (top.has("backups")) {
            keep = Fields.of(file, "backups", top.node("backups"), BACKUPS).integer("keep", 1, 100_000, keep);
        }
        String stateDir = top.parsed("state-dir", "an absolute path", DEFAULT_STATE_DIR, ConfigLoader::absolute);
        return new Config(file, cluster, self, nodes, sync, top.bool("delete", true), keep, stateDir, limits(top),
                ssh(top), serve(top), top.parsed("standby-changes", "revert or report", true, t -> switch (t) {
                    case "revert" -> true;
                    case "report" -> false;
                    default -> throw new IllegalArgumentException("'" + t + "' is not revert or report");
                }), fingerprint(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), watch(top),
                top.parsed("alarm-after", "a duration such as 60s", java.time.Duration.ofSeconds(60), Units::duration),
                metrics(top), top.parsed("source", "first or managed", false, t -> switch (t) {
                    case "first" -> false;
                    case "managed" -> true;
                    default -> throw new IllegalArgumentException("'" + t + "' is not first or managed");
                }), nodeLocal, top.has("node"), stateDir);
    }

    private String self(Fields top, List<Node> nodes) throws ConfigException {
        List<String> names = nodes.stream().map(Node::name).toList();
        if (chosen != null) {
            if (!names.contains(chosen.name())) {
                throw new ConfigException(file, top.node("nodes").mark(), "node '" + chosen.name() + "' (from "
                        + chosen.given() + ") is not in the nodes list: " + String.join(", ", names),
                        "give one of these names");
            }
            return chosen.name();
        }
        if (top.has("node")) {
            String self = top.string("node", "this node's name");
            if (!names.contains(self)) {
                throw top.error("node", "node '" + self + "' is not in the nodes list", "add it or fix the name");
            }
            return self;
        }
        ThisHost here = host.get();
        List<Node> found = here.byName(nodes);
        String by = "name";
        if (found.isEmpty()) {
            found = here.byAddress(nodes, resolve);
            by = "address";
        }
        if (found.size() == 1) {
            return found.get(0).name();
        }
        Mark at = top.node("nodes").mark();
        if (found.isEmpty()) {
            throw new ConfigException(file, at, "this host (" + here.describe() + ") is none of the nodes: "
                    + candidates(nodes), "give --node NAME, set CONFSYNC_NODE, or set 'node:' in this node's file");
        }
        throw new ConfigException(file, at, "this host (" + here.describe() + ") matches " + found.size()
                + " nodes by " + by + ": " + candidates(found), "give --node NAME or set CONFSYNC_NODE");
    }

    private static String candidates(List<Node> nodes) {
        return String.join(", ", nodes.stream().map(n -> n.name() + " (" + n.address() + ")").toList());
    }

    /** What identifies a configuration file's content: the XXH64 of its bytes. */
    public static String fingerprint(byte[] text) {
        return io.confsync.manifest.Digest.of(text).toString();
    }

    private String name(Fields f, String key) throws ConfigException {
        String v = f.string(key, "a name");
        if (!NAME.matcher(v).matches()) {
            throw f.error(key, "'" + key + "' must be 1-63 letters, digits, '.', '_' or '-', not '" + v + "'", null);
        }
        return v;
    }

    private List<Node> nodes(Fields top) throws ConfigException {
        List<YamlNode> items = top.list("nodes", true);
        if (items.isEmpty() || items.size() > Config.MAX_NODES) {
            throw top.error("nodes", "'nodes' must list 1 to " + Config.MAX_NODES + " nodes, not " + items.size(), null);
        }
        List<Node> out = new ArrayList<>();
        Map<String, Mark> seen = new HashMap<>();
        for (YamlNode item : items) {
            Fields f = Fields.of(file, "a node", item, NODE);
            String name = name(f, "name");
            if (seen.containsKey(name)) {
                throw f.error("name", "duplicate node name '" + name + "'", "first used on line " + seen.get(name).line());
            }
            seen.put(name, f.node("name").mark());
            String root = f.parsed("root", "an absolute path", "/", ConfigLoader::absolute);
            Node.Transport transport = f.parsed("transport", "exec or embedded", Node.Transport.EXEC,
                    t -> Node.Transport.valueOf(t.toUpperCase(java.util.Locale.ROOT)));
            String user = f.string("user", "a login name", transport == Node.Transport.EXEC ? "root" : "confsync");
            out.add(new Node(name, f.string("address", "a host name or IP address"), f.integer("port", 1, 65535, 22),
                    root, transport, user, f.string("command", "a command", Node.DEFAULT_COMMAND)));
        }
        checkLoopback(top, out);
        return out;
    }

    private void checkLoopback(Fields top, List<Node> nodes) throws ConfigException {
        long loopback = nodes.stream().filter(n -> isLoopback(n.address())).count();
        if (loopback > 0 && loopback < nodes.size()) {
            throw top.error("nodes", "some nodes have loopback addresses and some do not",
                    "loopback is only for clusters whose nodes all run on this machine (tests, demo)");
        }
    }

    static boolean isLoopback(String address) {
        return address.equals("localhost") || address.startsWith("127.") || address.equals("::1");
    }

    private List<SyncEntry> sync(Fields top, List<Node> nodes) throws ConfigException {
        List<YamlNode> items = top.list("sync", true);
        if (items.isEmpty()) {
            throw top.error("sync", "'sync' lists nothing to synchronize", "add '- path: /etc/...'");
        }
        List<SyncEntry> out = new ArrayList<>();
        List<SyncRoot> roots = new ArrayList<>();
        for (YamlNode item : items) {
            Fields f = Fields.of(file, "a sync entry", item, SYNC);
            String path = f.parsed("path", "an absolute path", null, ConfigLoader::absolute);
            if (path == null) {
                f.string("path", "/etc/...");
            }
            if (path.equals("/") && nodes.stream().anyMatch(n -> n.root().equals("/"))) {
                throw f.error("path", "refusing to synchronize all of '/'",
                        "name the directories under /etc (path / is only for nodes whose root is a directory)");
            }
            List<Glob> globs = patterns(f, "exclude");
            SyncRoot root = new SyncRoot(RelPath.ofAbsolute(path), globs);
            for (SyncRoot other : roots) {
                if (root.path().startsWith(other.path()) || other.path().startsWith(root.path())) {
                    throw f.error("path", "sync path " + path + " overlaps /" + other.path().value(),
                            "list only the outer one and use exclude for the rest");
                }
            }
            roots.add(root);
            out.add(new SyncEntry(path, globs.stream().map(Glob::pattern).toList(),
                    f.string("on-change", "a shell command", null),
                    f.parsed("on-change-timeout", "a duration such as 60s", SyncEntry.DEFAULT_TIMEOUT, Units::duration),
                    f.bool("local", false),
                    f.parsed("settle", "a duration such as 200ms", null, Units::duration),
                    patterns(f, "node-local").stream().map(Glob::pattern).toList(), profile(f, path)));
        }
        return out;
    }

    /** The relative glob patterns of a sync entry's key, checked. */
    private List<Glob> patterns(Fields f, String key) throws ConfigException {
        List<Glob> globs = new ArrayList<>();
        for (YamlNode.Scalar pattern : f.scalars(key)) {
            try {
                globs.add(Glob.compile(pattern.text()));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, pattern.mark(), "bad " + key + " pattern: " + e.getMessage(),
                        "use a glob such as *.swp or cache/**, relative to the entry's path");
            }
        }
        return globs;
    }

    /** The patterns an entry's profile makes node-local: {@code etc} by default for {@code /etc}. */
    private List<String> profile(Fields f, String path) throws ConfigException {
        String profile = f.string("profile", "etc or none", path.equals("/etc") ? EtcProfile.NAME : "none");
        if (!profile.equals(EtcProfile.NAME) && !profile.equals("none")) {
            throw f.error("profile", "unknown profile '" + profile + "'", "use etc or none");
        }
        List<String> except = new ArrayList<>();
        for (YamlNode.Scalar s : f.scalars("profile-except")) {
            if (!EtcProfile.PATTERNS.contains(s.text()) || profile.equals("none")) {
                throw new ConfigException(file, s.mark(), "'" + s.text() + "' is not a pattern of profile '" + profile
                        + "'", "profile etc has: " + String.join(", ", EtcProfile.PATTERNS));
            }
            except.add(s.text());
        }
        return profile.equals("none") ? List.of()
                : EtcProfile.PATTERNS.stream().filter(p -> !except.contains(p)).toList();
    }

    /**
     * The top-level {@code node-local} patterns: absolute, under a sync path, and covering none
     * (a sync path that is node-local as a whole is a mistake, not a sync set).
     */
    private List<String> nodeLocal(Fields top, List<SyncEntry> sync) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (YamlNode.Scalar s : top.scalars("node-local")) {
            String text = s.text();
            Glob g;
            try {
                if (!text.startsWith("/") || text.length() == 1) {
                    throw new IllegalArgumentException("top-level node-local patterns are absolute, such as "
                            + "/etc/hostname, not '" + text + "'");
                }
                g = Glob.compileAnchored(text.substring(1));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, s.mark(), "bad node-local pattern: " + e.getMessage(),
                        "give an absolute glob under a sync path, or list it under the entry's node-local");
            }
            String literal = text.split("[*?]", 2)[0];
            boolean under = false;
            for (SyncEntry e : sync) {
                RelPath root = RelPath.ofAbsolute(e.path());
                if (g.matches(root)) {
                    throw new ConfigException(file, s.mark(), "node-local pattern " + text + " covers sync path "
                            + e.path() + " itself", "remove the sync entry, or narrow the pattern to what lies under it");
                }
                String dir = e.path().equals("/") ? "/" : e.path() + "/";
                under |= literal.startsWith(dir) || dir.startsWith(literal);
            }
            if (!under) {
                throw new ConfigException(file, s.mark(), "node-local pattern " + text + " lies under no sync path",
                        "remove it, or add the sync entry it belongs to");
            }
            out.add(text);
        }
        return out;
    }

    private MetricsConfig metrics(Fields top) throws ConfigException {
        if (!top.has("metrics")) {
            return null;
        }
        Fields f = Fields.of(file, "metrics", top.node("metrics"), METRICS);
        return f.parsed("listen", "a port, or address:port", null, MetricsConfig::parse);
    }

    private WatchConfig watch(Fields top) throws ConfigException {
        WatchConfig d = WatchConfig.DEFAULT;
        if (!top.has("watch")) {
            return d;
        }
        Fields f = Fields.of(file, "watch", top.node("watch"), WATCH);
        return new WatchConfig(f.parsed("settle", "a duration such as 20ms", d.settle(), Units::duration),
                f.parsed("max-delay", "a duration such as 1s", d.maxDelay(), Units::duration),
                f.parsed("max-write-wait", "a duration such as 10s", d.maxWriteWait(), Units::duration));
    }

    private SshConfig ssh(Fields top) throws ConfigException {
        SshConfig d = SshConfig.DEFAULT;
        if (!top.has("ssh")) {
            return d;
        }
        Fields f = Fields.of(file, "ssh", top.node("ssh"), SSH);
        return new SshConfig(f.parsed("identity", KEY_PATH, d.identity(), ConfigLoader::keyPath),
                f.parsed("known-hosts", KEY_PATH, d.knownHosts(), ConfigLoader::keyPath),
                f.parsed("connect-timeout", "a duration such as 10s", d.connectTimeout(), Units::duration),
                f.parsed("idle-timeout", "a duration such as 10m", d.idleTimeout(), Units::duration),
                f.parsed("keepalive", "a duration such as 15s", d.keepalive(), Units::duration),
                f.parsed("client", "mina or openssh", d.openSsh(), t -> switch (t) {
                    case "mina" -> false;
                    case "openssh" -> true;
                    default -> throw new IllegalArgumentException("unknown client '" + t + "'");
                }));
    }

    private ServeConfig serve(Fields top) throws ConfigException {
        ServeConfig d = ServeConfig.DEFAULT;
        if (!top.has("serve")) {
            return d;
        }
        Fields f = Fields.of(file, "serve", top.node("serve"), SERVE);
        return new ServeConfig(f.string("listen", "an address", d.listen()), f.integer("port", 0, 65535, d.port()),
                f.parsed("host-key", KEY_PATH, d.hostKey(), ConfigLoader::keyPath),
                f.parsed("authorized-keys", KEY_PATH, d.authorizedKeys(), ConfigLoader::keyPath),
                f.string("user", "a login name", d.user()),
                f.parsed("idle-timeout", "a duration such as 10m", d.idleTimeout(), Units::duration));
    }

    private Limits limits(Fields top) throws ConfigException {
        if (!top.has("limits")) {
            return Limits.DEFAULT;
        }
        Fields f = Fields.of(file, "limits", top.node("limits"), LIMITS);
        Limits d = Limits.DEFAULT;
        return new Limits(f.parsed("max-file-size", "a size such as 64MiB", d.maxFileSize(), Units::size),
                f.parsed("max-batch-size", "a size such as 1GiB", d.maxBatchBytes(), Units::size),
                f.parsed("max-delete-share", "a percentage such as 50%", d.maxDeleteShare(), Units::share),
                f.integer("max-plan-actions", 1, Integer.MAX_VALUE, d.maxPlanActions()),
                f.parsed("batch-idle", "a duration such as 60s", d.batchIdle(), Units::duration),
                f.parsed("batch-time", "a duration such as 30m", d.batchTime(), Units::duration));
    }

    /** How a key file may be written: {@link Config#keyFile} resolves a relative one. */
    private static final String KEY_PATH = "an absolute path, or a relative one inside state-dir";

    /** A key file: absolute, or relative without {@code ..} (inside the state directory). */
    private static String keyPath(String p) {
        if (p.startsWith("/")) {
            return absolute(p);
        }
        String rel = p.replaceAll("/+$", "");
        if (rel.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        RelPath.of(rel);
        return rel;
    }

    private static String absolute(String p) {
        RelPath.ofAbsolute(p);
        return p.length() > 1 ? p.replaceAll("/+$", "") : p;
    }

    /** The path rules of a configuration's sync entries. */
    public static PathRules rules(Config config) {
        List<SyncRoot> roots = new ArrayList<>();
        for (SyncEntry e : config.sync()) {
            List<Glob> nodeLocal = new ArrayList<>(e.nodeLocal().stream().map(Glob::compile).toList());
            e.profile().forEach(p -> nodeLocal.add(Glob.compileAnchored(p)));
            roots.add(new SyncRoot(RelPath.ofAbsolute(e.path()), e.exclude().stream().map(Glob::compile).toList(),
                    nodeLocal));
        }
        return new PathRules(roots, config.nodeLocal().stream().map(p -> Glob.compileAnchored(p.substring(1))).toList());
    }
}
