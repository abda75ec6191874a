package io.confsync.transfer.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Strict host key checking against an OpenSSH known_hosts file (plain or hashed names,
 * {@code [host]:port} for ports other than 22). An unknown host is refused with the line to add,
 * unless accept-new is on, in which case its key is appended, as OpenSSH's
 * {@code StrictHostKeyChecking=accept-new} does. A changed key, or a key of another type for a host
 * that has a known key, is always refused, as OpenSSH refuses it. The reason of a
 * refusal is kept per session so that the caller can print it instead of MINA's generic message.
 */
public final class KnownHosts implements ServerKeyVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);

    private final Path file;
    private final boolean acceptNew;
    private final Map<ClientSession, String> refusals = new ConcurrentHashMap<>();

    /**
     * @param file      the known_hosts file; need not exist yet
     * @param acceptNew trust and record the key of a host not in the file
     */
    public KnownHosts(Path file, boolean acceptNew) {
        this.file = file;
        this.acceptNew = acceptNew;
    }

    /** The host part of a known_hosts line: {@code host} for port 22, else {@code [host]:port}. */
    public static String hostPattern(String host, int port) {
        return port == 22 ? host : "[" + host + "]:" + port;
    }

    /** Why the key of this session's server was refused, or null. */
    public String refusal(ClientSession session) {
        return refusals.remove(session);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        InetSocketAddress addr = (InetSocketAddress) session.getConnectAddress();
        String host = addr.getHostString();
        int port = addr.getPort();
        String offered = KeyUtils.getKeyType(key) + " " + SshKeys.fingerprint(key);
        try {
            // A host with any known key is never new: a key of another type is a changed key (an
            // impostor offering ssh-rsa where ed25519 is known was once accepted as new).
            String knownTypes = null;
            for (KnownHostEntry e : entries()) {
                if (!e.isHostMatch(host, port) || e.getKeyEntry() == null || "@revoked".equals(e.getMarker())) {
                    continue;
                }
                PublicKey known = e.getKeyEntry().resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
                String type = known == null ? e.getKeyEntry().getKeyType() : KeyUtils.getKeyType(known);
                knownTypes = knownTypes == null ? type : knownTypes + ", " + type;
                if (known != null && KeyUtils.compareKeys(known, key)) {
                    return true;
                }
            }
            if (knownTypes != null) {
                return refuse(session, "HOST KEY CHANGED for " + hostPattern(host, port) + ": it now offers "
                        + offered + ", which does not match the " + knownTypes + " key in " + file + "; refusing (a "
                        + "man in the middle, or a reinstalled host: if so, check the new fingerprint and replace "
                        + "its line)");
            }
            if (acceptNew) {
                String line = hostPattern(host, port) + " " + SshKeys.publicLine(key) + "\n";
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                LOG.warn("trusted new host key of {}: {} (added to {})", hostPattern(host, port), offered, file);
                return true;
            }
            return refuse(session, "unknown host key for " + hostPattern(host, port) + " (" + offered
                    + "); to trust it, check the fingerprint and add this line to " + file + ": "
                    + hostPattern(host, port) + " " + SshKeys.publicLine(key)
                    + "  (or run once with --accept-new-host-key)");
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            return refuse(session, "cannot check the host key of " + hostPattern(host, port) + " against " + file
                    + ": " + e.getMessage());
        }
    }

    /**
     * The types of the keys this file holds for a host (hashed entries too, revoked ones not): what
     * {@code confsync check} reports before any connection.
     *
     * @throws IOException if the file cannot be read or parsed
     */
    public List<String> keyTypes(String host, int port) throws IOException {
        List<String> types = new java.util.ArrayList<>();
        for (KnownHostEntry e : entries()) {
            if (e.isHostMatch(host, port) && e.getKeyEntry() != null && !"@revoked".equals(e.getMarker())) {
                types.add(e.getKeyEntry().getKeyType());
            }
        }
        return types;
    }

    private List<KnownHostEntry> entries() throws IOException {
        return Files.exists(file) ? KnownHostEntry.readKnownHostEntries(file) : List.of();
    }

    private boolean refuse(ClientSession session, String why) {
        refusals.put(session, why);
        LOG.error(why);
        return false;
    }
}
