package io.confsync.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ReasonTest {

    @Test
    void of_failuresWithoutMessage_saysWhatTheyMeanNeverNull() {
        assertThat(Reason.of(new EOFException())).isEqualTo("connection closed by the peer");
        assertThat(Reason.of(new IOException(null, new EOFException()))).isEqualTo("connection closed by the peer");
        assertThat(Reason.of(new IllegalStateException())).isEqualTo("unexpected IllegalStateException");
    }

    @Test
    void of_fileFailures_nameTheFileAndWhat() {
        assertThat(Reason.of(new NoSuchFileException("/etc/x"))).isEqualTo("no such file or directory: /etc/x");
        assertThat(Reason.of(new AccessDeniedException("/etc/x"))).isEqualTo("permission denied: /etc/x");
        assertThat(Reason.of(new IOException("first\nsecond"))).isEqualTo("first");
    }
}
