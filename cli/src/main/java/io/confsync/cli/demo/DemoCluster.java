package io.confsync.cli.demo;

import io.confsync.transfer.ssh.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of the demo cluster: keys, one root and one config per node, an example /etc. */
public record DemoCluster(Path dir, String[] nodes, int[] ports) {

    public Path keys() {
        return dir.resolve("keys");
    }

    public Path root(String node) {
        return dir.resolve(node);
    }

    public Path config(String node) {
        return dir.resolve("config").resolve(node + ".yaml");
    }

    public Path hookLog() {
        return dir.resolve("hooks.log");
    }

    public void write() throws IOException {
        var key = SshKeys.readOrCreate(keys().resolve("id_ed25519"), "demo-source");
        Files.writeString(keys().resolve("authorized_keys"), SshKeys.publicLine(key.getPublic()) + " demo\n");
        Path etc = Files.createDirectories(root(nodes[0]).resolve("etc/postfix"));
        Files.writeString(etc.resolve("main.cf"), "myhostname = mx.example.org\nmydomain = example.org\n");
        Files.writeString(etc.resolve("master.cf"), "smtp inet n - y - - smtpd\n");
        Files.writeString(root(nodes[0]).resolve("etc/aliases"), "postmaster: root\n");
        for (String n : nodes) {
            Files.createDirectories(root(n));
            Files.createDirectories(config(n).getParent());
            Files.writeString(config(n), yaml(n));
        }
    }

    private String yaml(String self) {
        StringBuilder y = new StringBuilder("cluster: demo\nnode: " + self + "\nnodes:\n");
        for (int i = 0; i < nodes.length; i++) {
            y.append("  - name: ").append(nodes[i]).append("\n    address: 127.0.0.1\n    port: ").append(ports[i])
                    .append("\n    root: ").append(root(nodes[i])).append("\n    transport: embedded\n");
        }
        y.append("sync:\n  - path: /etc/postfix\n    exclude: [\"*.swp\", \"*~\"]\n")
                .append("    on-change: 'echo \"$(date +%T) $CONFSYNC_NODE: postfix reload for $(echo $CONFSYNC_CHANGED)\" >> ")
                .append(hookLog()).append("'\n  - path: /etc/aliases\n");
        y.append("state-dir: ").append(dir.resolve("state").resolve(self)).append('\n');
        y.append("ssh:\n  identity: ").append(keys().resolve("id_ed25519")).append("\n  known-hosts: ")
                .append(keys().resolve("known_hosts")).append('\n');
        y.append("serve:\n  authorized-keys: ").append(keys().resolve("authorized_keys")).append('\n');
        return y.toString();
    }
}
