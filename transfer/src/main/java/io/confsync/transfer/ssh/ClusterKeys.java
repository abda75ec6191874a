package io.confsync.transfer.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * The cluster's key files as text: whether what a source offers is a known_hosts or an
 * authorized_keys file, a node's public line, and the lines {@code confsync trust} adds. Lines are
 * kept as written: comments, options and hashed hosts pass through.
 */
public final class ClusterKeys {

    /**
     * What {@code trust} writes before each node's key it adds to an authorized_keys file: sshd then
     * runs the receiver and nothing else for that key; {@code confsync serve} ignores options (it
     * offers the subsystem alone).
     */
    public static final String FORCED = "restrict,command=\"confsync receive --stdio\" ";

    private ClusterKeys() {
    }

    /** Why {@code text} is not a known_hosts file, naming the first bad line; null if it is one. */
    public static String knownHostsProblem(String text) {
        return problem(text, "a known_hosts entry", line -> resolve(KnownHostEntry.parseKnownHostEntry(line).getKeyEntry()));
    }

    /** Why {@code text} is not an authorized_keys file, naming the first bad line; null if it is one. */
    public static String authorizedKeysProblem(String text) {
        return problem(text, "an authorized_keys entry", line -> resolve(AuthorizedKeyEntry.parseAuthorizedKeyEntry(line)));
    }

    /**
     * The public line ({@code ssh-ed25519 AAAA...}) of the key a node pushes with: its {@code .pub}
     * beside it (readable where the private key is not, as by {@code confsync serve}'s user), else
     * the private key's own.
     *
     * @return empty if there is no key, or none can be read
     */
    public static String identityLine(Path identity) {
        Path pub = identity.resolveSibling(identity.getFileName() + ".pub");
        try {
            if (Files.isReadable(pub)) {
                String[] f = Files.readString(pub, StandardCharsets.UTF_8).strip().split("\\s+");
                if (f.length >= 2) {
                    return f[0] + " " + f[1];
                }
            }
            return Files.isReadable(identity) ? SshKeys.publicLine(SshKeys.read(identity).getPublic()) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * A known_hosts text in which {@code hostPattern} has exactly the given keys: the lines naming
     * that host alone are replaced, every other line is kept as it is.
     */
    public static String withHost(String text, String hostPattern, List<String> publicLines) {
        List<String> out = new ArrayList<>();
        for (String line : lines(text)) {
            String[] f = line.strip().split("\\s+");
            if (!(f.length >= 2 && f[0].equals(hostPattern))) {
                out.add(line);
            }
        }
        publicLines.forEach(k -> out.add(hostPattern + " " + k));
        return join(out);
    }

    /**
     * An authorized_keys text that also holds each of {@code publicLines} (each followed by its
     * comment): a key already there, whatever its options, stays as written; a missing one is added
     * with {@link #FORCED} in front.
     *
     * @param commented {@code ssh-ed25519 AAAA... comment} lines
     */
    public static String withKeys(String text, List<String> commented) {
        List<String> out = new ArrayList<>(lines(text));
        Set<String> present = new LinkedHashSet<>();
        for (String line : out) {
            String blob = blob(line);
            if (blob != null) {
                present.add(blob);
            }
        }
        for (String k : commented) {
            String[] f = k.strip().split("\\s+");
            if (f.length >= 2 && present.add(f[1])) {
                out.add(FORCED + k.strip());
            }
        }
        return join(out);
    }

    /** {@code ssh-ed25519 SHA256:...}: a public line's type and fingerprint, as OpenSSH prints it. */
    public static String describe(String publicLine) {
        String[] f = publicLine.strip().split("\\s+");
        try {
            return f[0] + " " + KnownHostsLines.fingerprint(f[1]);
        } catch (RuntimeException e) {
            return publicLine;
        }
    }

    /** The base64 key of an authorized_keys line; null for a comment, a blank or a bad line. */
    static String blob(String line) {
        String l = line.strip();
        if (l.isEmpty() || l.startsWith("#")) {
            return null;
        }
        try {
            AuthorizedKeyEntry e = AuthorizedKeyEntry.parseAuthorizedKeyEntry(l);
            return e == null ? null : java.util.Base64.getEncoder().encodeToString(e.getKeyData());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private interface LineCheck {
        void check(String line) throws IOException, GeneralSecurityException;
    }

    private static String problem(String text, String what, LineCheck check) {
        List<String> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            try {
                check.check(l);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                return "line " + (i + 1) + " is not " + what + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            }
        }
        return null;
    }

    private static void resolve(PublicKeyEntry e) throws IOException, GeneralSecurityException {
        if (e == null || e.resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING) == null) {
            throw new IllegalArgumentException("no key");
        }
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }

    private static String join(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
