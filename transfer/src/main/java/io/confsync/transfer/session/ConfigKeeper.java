package io.confsync.transfer.session;

import io.confsync.transfer.protocol.ClusterFiles;
import java.io.IOException;

/**
 * A node's cluster files: what a standby does with those its source offers ({@code ConfigOffer}),
 * and the public key it would push with once promoted ({@code IdentityQuery}). The transfer module
 * carries the bytes, the node's own code judges, installs and reads them.
 */
public interface ConfigKeeper {

    /** A keeper that takes nothing (every offer is refused) and has no key to tell. */
    ConfigKeeper NONE = new ConfigKeeper() {
        @Override
        public Verdict offer(ClusterFiles files) {
            return new Verdict.Refused("this node takes no configuration from its source");
        }

        @Override
        public String identity() {
            return "";
        }
    };

    /**
     * Judges offered cluster files and installs them if they are valid for this node.
     *
     * @throws IOException if valid files could not be installed (the old ones are then intact)
     */
    Verdict offer(ClusterFiles files) throws IOException;

    /**
     * This node's public key ({@code ssh-ed25519 AAAA...}), the one it pushes with once promoted.
     *
     * @return empty if it has none
     */
    String identity();

    /** The outcome of an offer. */
    sealed interface Verdict {
        /** This node's files are those already. */
        record Same() implements Verdict {
        }

        /**
         * Installed: the rest of the session runs on {@code next}.
         *
         * @param next this node's receiver settings from the new file
         */
        record Installed(ReceiverSettings next) implements Verdict {
        }

        /**
         * Refused; the old file stays.
         *
         * @param why one line for the source's log and status
         */
        record Refused(String why) implements Verdict {
        }
    }
}
