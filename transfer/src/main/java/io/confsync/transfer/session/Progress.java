package io.confsync.transfer.session;

/**
 * Where a push tells how far it is, for a person watching (a progress bar); called from the
 * threads that push, one per standby. Must not block.
 */
public interface Progress {

    /** Tells nothing. */
    Progress NONE = new Progress() {
        @Override
        public void planned(String node, long files, long bytes) {
        }

        @Override
        public void sent(String node, long bytes) {
        }

        @Override
        public void done(String node) {
        }
    };

    /** {@code node}'s plan copies {@code files} files of {@code bytes} bytes in all. */
    void planned(String node, long files, long bytes);

    /** One more file of {@code bytes} bytes went to {@code node}. */
    void sent(String node, long bytes);

    /** {@code node} is done (synced, failed or refused). */
    void done(String node);
}
