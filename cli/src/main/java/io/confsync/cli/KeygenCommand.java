package io.confsync.cli;

import io.confsync.transfer.ssh.SshKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code confsync keygen}: an ed25519 key for the source, without needing ssh-keygen. */
@Command(name = "keygen",
        header = "Create this node's ed25519 SSH key pair and print the public line.",
        mixinStandardHelpOptions = true,
        description = {"Create an ed25519 key pair in OpenSSH format (private key mode 0600, public key beside it "
                + "with .pub) and print the public line for the standbys' authorized_keys.",
            "An existing key is never overwritten: its public line is printed instead."})
final class KeygenCommand implements Callable<Integer> {

    /** Where the key goes when neither {@code -f} nor a configuration file says. */
    static final String DEFAULT_FILE = "/etc/confsync/id_ed25519";

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Private key file (default: the config's ssh.identity when the config file exists, "
                    + "else " + DEFAULT_FILE + ").")
    Path file;

    @Mixin
    NodeOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path file = this.file != null ? this.file : Files.exists(common.configPath())
                ? keyOf(common.loadConfig()) : Path.of(DEFAULT_FILE);
        boolean existed = Files.exists(file);
        KeyPair pair = SshKeys.readOrCreate(file, "confsync@" + CommonOptions.hostName());
        if (existed) {
            spec.commandLine().getErr().println("confsync: " + file + " exists; not overwritten");
        }
        spec.commandLine().getOut().println(SshKeys.publicLine(pair.getPublic()) + " confsync@"
                + CommonOptions.hostName());
        return ExitCode.OK;
    }

    /** The configuration's {@code ssh.identity}, a relative one inside this node's state directory. */
    private static Path keyOf(io.confsync.conf.Config c) {
        return c.keyFile(c.ssh().identity());
    }
}
