package io.confsync.transfer.session;

import java.io.IOException;

/**
 * What a standby does with the cluster configuration its source offers ({@code ConfigOffer}): the
 * transfer module carries the bytes, the node's own code judges and installs them.
 */
@FunctionalInterface
public interface ConfigKeeper {

    /** A keeper that takes nothing: every offer is refused. */
    ConfigKeeper NONE = text -> new Verdict.Refused("this node takes no configuration from its source");

    /**
     * Judges an offered configuration file and installs it if it is valid for this node.
     *
     * @throws IOException if a valid file could not be installed (the old one is then intact)
     */
    Verdict offer(byte[] text) throws IOException;

    /** The outcome of an offer. */
    sealed interface Verdict {
        /** This node's file is that one already. */
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
