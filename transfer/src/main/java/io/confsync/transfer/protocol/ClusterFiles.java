package io.confsync.transfer.protocol;

/**
 * What a source carries to its standbys before any batch: the cluster's configuration file and the
 * key files that let whichever node is promoted reach every other. An empty key file is none.
 *
 * @param config         the configuration file's bytes
 * @param knownHosts     {@code ssh.known-hosts}: every node's host key; empty for none
 * @param authorizedKeys {@code serve.authorized-keys}: every node's public key; empty for none
 */
public record ClusterFiles(byte[] config, byte[] knownHosts, byte[] authorizedKeys) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterFiles f && java.util.Arrays.equals(f.config, config)
                && java.util.Arrays.equals(f.knownHosts, knownHosts)
                && java.util.Arrays.equals(f.authorizedKeys, authorizedKeys);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(java.util.Arrays.hashCode(config), java.util.Arrays.hashCode(knownHosts),
                java.util.Arrays.hashCode(authorizedKeys));
    }

    @Override
    public String toString() {
        return "ClusterFiles[" + config.length + " + " + knownHosts.length + " + " + authorizedKeys.length + " bytes]";
    }
}
