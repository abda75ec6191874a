package io.confsync.transfer.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/** Reads a known_hosts file as text: the key recorded for a host, named as OpenSSH names keys. */
final class KnownHostsLines {

    private KnownHostsLines() {
    }

    /**
     * The last key recorded for {@code hostPattern} ({@code host} or {@code [host]:port}) as its type
     * and SHA256 fingerprint, {@code ssh-ed25519 SHA256:...}; "a key" if none can be read.
     */
    static String describe(Path knownHosts, String hostPattern) {
        String found = "a key";
        try {
            for (String line : Files.readAllLines(knownHosts, StandardCharsets.UTF_8)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && List.of(f[0].split(",")).contains(hostPattern)) {
                    found = f[1] + " " + fingerprint(f[2]);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // the line stays unnamed: the message still says which host and which file
        }
        return found;
    }

    /** OpenSSH's fingerprint of a base64 key blob: SHA256, base64 without padding. */
    static String fingerprint(String base64Blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64Blob));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
