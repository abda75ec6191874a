package io.confsync.transfer.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.helpers.AbstractFactoryManager;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.DHFactory;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.server.ServerBuilder;

/**
 * The algorithms MINA's client and the embedded server offer: a modern list, no wider than what
 * OpenSSH 9.2 offers by default, and narrower where it still carries SHA-1 or CBC. Key exchange:
 * the sntrup761 hybrid with X25519, curve25519, NIST ECDH (ML-KEM is left out: OpenSSH 9.2 does not
 * know it, and MINA 2.20 talking to itself with it never finished the key exchange here). Ciphers: AES-GCM,
 * ChaCha20-Poly1305, AES-CTR. MACs: encrypt-then-MAC with SHA-2 only. Host keys and signatures:
 * ed25519, ECDSA, RSA with SHA-2 (never ssh-rsa, which signs with SHA-1). MINA's strict key exchange
 * (the Terrapin mitigation) stays on: it is on by default and nothing here turns it off.
 */
public final class Algorithms {

    /** Key exchanges, most preferred first. */
    static final List<BuiltinDHFactories> KEX = List.of(BuiltinDHFactories.sntrup761x25519_openssh,
            BuiltinDHFactories.sntrup761x25519,
            BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.ecdhp256,
            BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp521);
    /** Ciphers, most preferred first. */
    static final List<BuiltinCiphers> CIPHERS = List.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm,
            BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr,
            BuiltinCiphers.aes256ctr);
    /** MACs (the AEAD ciphers above need none). */
    static final List<BuiltinMacs> MACS = List.of(BuiltinMacs.hmacsha256etm, BuiltinMacs.hmacsha512etm);
    /** Host key and signature algorithms. */
    static final List<BuiltinSignatures> SIGNATURES = List.of(BuiltinSignatures.ed25519,
            BuiltinSignatures.ed25519_cert, BuiltinSignatures.nistp256, BuiltinSignatures.nistp256_cert,
            BuiltinSignatures.nistp384, BuiltinSignatures.nistp384_cert, BuiltinSignatures.nistp521,
            BuiltinSignatures.nistp521_cert, BuiltinSignatures.rsaSHA512, BuiltinSignatures.rsaSHA512_cert,
            BuiltinSignatures.rsaSHA256, BuiltinSignatures.rsaSHA256_cert);

    private Algorithms() {
    }

    /** Restricts MINA's client to the list. */
    static void client(AbstractFactoryManager client) {
        apply(client, ClientBuilder.DH2KEX);
    }

    /** Restricts the embedded server to the list. */
    static void server(AbstractFactoryManager server) {
        apply(server, ServerBuilder.DH2KEX);
    }

    private static void apply(AbstractFactoryManager m, Function<DHFactory, KeyExchangeFactory> dh2kex) {
        m.setKeyExchangeFactories(NamedFactory.setUpTransformedFactories(false, KEX, dh2kex));
        m.setCipherFactories(supported(CIPHERS));
        m.setMacFactories(supported(MACS));
        m.setSignatureFactories(supported(SIGNATURES));
    }

    /** The entries this JVM supports, as MINA's factory lists want them. */
    private static <T, F extends NamedFactory<T> & OptionalFeature> List<NamedFactory<T>> supported(List<F> wanted) {
        List<NamedFactory<T>> out = new ArrayList<>();
        for (F f : wanted) {
            if (f.isSupported()) {
                out.add(f);
            }
        }
        return out;
    }
}
