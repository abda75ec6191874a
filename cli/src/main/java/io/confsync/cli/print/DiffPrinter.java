package io.confsync.cli.print;

import io.confsync.cli.ExitCode;
import io.confsync.cluster.Audit;
import io.confsync.cluster.Probe;
import io.confsync.cluster.StateFence;
import io.confsync.cluster.Wiring;
import io.confsync.conf.Config;
import io.confsync.conf.Node;
import io.confsync.manifest.FileEntry;
import io.confsync.manifest.FileKind;
import io.confsync.manifest.RelPath;
import io.confsync.transfer.protocol.Message;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code audit --diff PATH}: a unified diff of one text file between the source and each audited
 * node. Secrets are kept off the terminal unless asked for: files named like private keys or
 * shadow files, files of mode 0600 or tighter, and content holding a PEM private key.
 */
public final class DiffPrinter {

    /** Largest file shown; bigger ones are reported by digest only. */
    static final int MAX_BYTES = 512 * 1024;

    private final Config config;
    private final boolean acceptNew;
    private final boolean showSecrets;

    public DiffPrinter(Config config, boolean acceptNew, boolean showSecrets) {
        this.config = config;
        this.acceptNew = acceptNew;
        this.showSecrets = showSecrets;
    }

    /** Why a file looks like a secret by its name or mode, or null. */
    public static String secretByName(FileEntry e) {
        String name = e.path().value().substring(e.path().value().lastIndexOf('/') + 1);
        if (name.matches("g?shadow(-|\\.bak)?|.*\\.(key|p12|pfx|jks|keystore)|id_(rsa|dsa|ecdsa|ed25519)"
                + "|.*_key|.*\\.secret")) {
            return "its name (" + name + ") is that of a secret";
        }
        if (e.kind() == FileKind.FILE && (e.mode() & 077) == 0) {
            return "its mode " + e.modeString() + " is 0600 or tighter";
        }
        return null;
    }

    /** Why content looks like a secret, or null. */
    public static String secretByContent(String text) {
        return text.contains("PRIVATE KEY-----") ? "it holds a PEM private key" : null;
    }

    /** Prints the diffs; 0 identical everywhere, 1 a node differs, 2 a node or the source was unreachable. */
    public int print(Audit.Result result, String absolute, PrintWriter out) throws IOException, InterruptedException {
        RelPath path;
        try {
            path = RelPath.ofAbsolute(absolute);
        } catch (IllegalArgumentException e) {
            throw new ExitCode.UsageException("--diff " + absolute + ": " + e.getMessage() + " (give an absolute path)");
        }
        if (!Wiring.rules(config).includes(path)) {
            throw new ExitCode.UsageException("--diff " + absolute + ": not in the sync set of " + config.file());
        }
        if (result.manifest() == null) {
            throw new IOException("the source " + result.source() + " is unreachable");
        }
        FileEntry src = result.manifest().get(path);
        List<Node> toFetch = new ArrayList<>();
        int code = ExitCode.OK;
        for (Audit.NodeAudit n : result.nodes()) {
            if (!n.reachable()) {
                out.printf(Locale.ROOT, "%s: unreachable: %s%n", n.node().name(), n.error());
                code = ExitCode.ERROR;
            } else if (!n.node().name().equals(result.source())) {
                String verdict = verdict(src, n.manifest().get(path));
                if (verdict == null) {
                    toFetch.add(n.node());
                } else {
                    out.printf(Locale.ROOT, "%s: %s: %s%n", n.node().name(), absolute, verdict);
                }
                if (!n.drift().stream().filter(d -> d.path().equals(path)).toList().isEmpty()) {
                    code = Math.max(code, ExitCode.DRIFT);
                }
            }
        }
        if (!toFetch.isEmpty()) {
            Map<String, Message.ContentReply> contents = contents(result, toFetch, path);
            for (Node n : toFetch) {
                out.print(diff(contents.get(result.source()), contents.get(n.name()), result.source(), n.name(),
                        absolute));
            }
        }
        return code;
    }

    /** What to say instead of a diff, or null to show one. */
    private String verdict(FileEntry src, FileEntry node) {
        if (src == null && node == null) {
            return "on neither the source nor this node";
        }
        if (src == null || node == null) {
            return src == null ? "only on this node, not on the source" : "missing on this node";
        }
        if (src.kind() != FileKind.FILE || node.kind() != FileKind.FILE) {
            return "not a regular file on both (" + src.kind() + " / " + node.kind() + ")";
        }
        if (src.sameContent(node)) {
            List<String> other = new ArrayList<>();
            if (src.mode() != node.mode()) {
                other.add("mode " + node.modeString() + " -> " + src.modeString());
            }
            other.addAll(AttributeDiff.of(node, src));
            return "same content" + (other.isEmpty() ? "" : "; on this node -> on the source: "
                    + String.join("; ", other));
        }
        String secret = secretByName(src) != null ? secretByName(src) : secretByName(node);
        if (secret != null && !showSecrets) {
            return "content differs; not shown because " + secret + " (use --show-secrets)";
        }
        if (src.size() > MAX_BYTES || node.size() > MAX_BYTES) {
            return "content differs (" + src.digest() + " vs " + node.digest() + "); too large to show";
        }
        return null;
    }

    private String diff(Message.ContentReply a, Message.ContentReply b, String srcName, String nodeName,
                        String absolute) {
        if (!a.problem().isEmpty() || !b.problem().isEmpty()) {
            return nodeName + ": " + absolute + ": cannot read: " + (a.problem().isEmpty() ? b.problem()
                    : a.problem()) + "\n";
        }
        String ta = new String(a.data(), StandardCharsets.UTF_8);
        String tb = new String(b.data(), StandardCharsets.UTF_8);
        String secret = secretByContent(ta) != null ? secretByContent(ta) : secretByContent(tb);
        if (secret != null && !showSecrets) {
            return nodeName + ": " + absolute + ": content differs; not shown because " + secret
                    + " (use --show-secrets)\n";
        }
        if (ta.indexOf('\0') >= 0 || tb.indexOf('\0') >= 0) {
            return nodeName + ": " + absolute + ": binary files differ\n";
        }
        return TextDiff.unified(ta, tb, srcName + ":" + absolute, nodeName + ":" + absolute);
    }

    /** The file's bytes on the source and each node: local read for this node, read-only sessions for others. */
    private Map<String, Message.ContentReply> contents(Audit.Result result, List<Node> nodes, RelPath path)
            throws IOException, InterruptedException {
        List<Node> all = new ArrayList<>(nodes);
        all.add(config.clusterView().node(result.source()).orElseThrow());
        Map<String, Message.ContentReply> out = new HashMap<>();
        List<Node> remote = all.stream().filter(n -> !n.name().equals(config.node())).toList();
        for (Probe.Visit<Message.ContentReply> v : new Probe(config, acceptNew, StateFence.standing(result.state()))
                .visit(remote, s -> s.content(path))) {
            out.put(v.node().name(), v.reachable() ? v.value() : new Message.ContentReply(new byte[0], v.error()));
        }
        if (remote.size() < all.size()) {
            out.put(config.node(), local(path));
        }
        return out;
    }

    private Message.ContentReply local(RelPath path) {
        try (InputStream in = Files.newInputStream(path.resolveIn(Wiring.base(config)), LinkOption.NOFOLLOW_LINKS)) {
            return new Message.ContentReply(in.readNBytes(MAX_BYTES), "");
        } catch (IOException e) {
            return new Message.ContentReply(new byte[0], io.confsync.manifest.Reason.of(e));
        }
    }
}
