package io.confsync.cli;

import picocli.CommandLine.Option;

/** {@code --accept-new-host-key}, for every command that connects to other nodes. */
final class HostKeyOption {

    @Option(names = "--accept-new-host-key", description = "Trust and record the host key of a node not yet in "
            + "known_hosts (like OpenSSH's accept-new); a changed key is still refused.")
    boolean acceptNew;
}
