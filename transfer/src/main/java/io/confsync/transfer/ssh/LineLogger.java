package io.confsync.transfer.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs what a remote command writes to stderr, one log line per line, prefixed by the node. */
final class LineLogger extends OutputStream {

    private static final Logger LOG = LoggerFactory.getLogger("confsync.remote");
    private static final int MAX_LINE = 4096;

    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineLogger(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n' || line.size() >= MAX_LINE) {
            flushLine();
        } else {
            line.write(b);
        }
    }

    private void flushLine() {
        if (line.size() > 0) {
            LOG.warn("{}: {}", prefix, line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }

    @Override
    public synchronized void close() {
        flushLine();
    }
}
