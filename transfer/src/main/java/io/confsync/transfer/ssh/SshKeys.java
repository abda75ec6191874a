package io.confsync.transfer.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Reading, generating and printing SSH keys in OpenSSH formats. */
public final class SshKeys {

    private SshKeys() {
    }

    /**
     * Generates an ed25519 key pair.
     *
     * @throws IOException if no provider offers ed25519 (BouncyCastle missing)
     */
    public static KeyPair generateEd25519() throws IOException {
        try {
            KeyPairGenerator g = SecurityUtils.getKeyPairGenerator(SecurityUtils.EDDSA);
            g.initialize(new org.bouncycastle.jcajce.spec.EdDSAParameterSpec(
                    org.bouncycastle.jcajce.spec.EdDSAParameterSpec.Ed25519));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an ed25519 key: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a private key in OpenSSH format (mode 0600) and its public key beside it ({@code .pub}).
     *
     * @throws IOException if the file exists or cannot be written
     */
    public static void write(KeyPair pair, Path privateKey, String comment) throws IOException {
        Files.createDirectories(privateKey.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(Files.createFile(privateKey,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                StandardOpenOption.WRITE)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode key " + privateKey + ": " + e.getMessage(), e);
        }
        Files.writeString(privateKey.resolveSibling(privateKey.getFileName() + ".pub"),
                publicLine(pair.getPublic()) + " " + comment + "\n");
    }

    /**
     * Reads an unencrypted OpenSSH (or PEM) private key.
     *
     * @throws IOException naming the file if it is missing, encrypted or unreadable
     */
    public static KeyPair read(Path privateKey) throws IOException {
        try (InputStream in = Files.newInputStream(privateKey)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(
                    privateKey.toString()), in, null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IOException("no key in " + privateKey);
            }
            return it.next();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read key " + privateKey + " (encrypted keys are not supported): "
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads a private key, generating and writing a new ed25519 one if the file does not exist.
     *
     * @throws IOException if it cannot be read or created
     */
    public static KeyPair readOrCreate(Path privateKey, String comment) throws IOException {
        if (!Files.exists(privateKey)) {
            write(generateEd25519(), privateKey, comment);
        }
        return read(privateKey);
    }

    /** {@code ssh-ed25519 AAAA...}: the key as in authorized_keys and known_hosts. */
    public static String publicLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    /** {@code SHA256:...}, as OpenSSH prints fingerprints. */
    public static String fingerprint(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }
}
