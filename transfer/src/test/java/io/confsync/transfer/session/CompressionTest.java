package io.confsync.transfer.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.confsync.transfer.protocol.Message;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompressionTest {

    private static final int CHUNK = 256 * 1024;

    private static byte[] random(long seed) {
        byte[] b = new byte[CHUNK];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] text() {
        return "relayhost = [smtp.example.org]:587\nsmtp_tls_security_level = encrypt\n".repeat(CHUNK / 60 + 1)
                .substring(0, CHUNK).getBytes();
    }

    @Test
    void literal_text_compressed() {
        Message.Literal l = new Compression(1 << 20).literal(text(), 0, CHUNK);
        assertThat(l.compressed()).isTrue();
        assertThat(l.data().length).isLessThan(CHUNK / 8);
        assertThat(l.rawLength()).isEqualTo(CHUNK);
    }

    @Test
    void literal_windowOfIncompressibleData_pausesThenProbesAgain() {
        Compression c = new Compression(1 << 20);
        int windowChunks = (int) (Compression.WINDOW / CHUNK);
        for (int i = 0; i < windowChunks; i++) {
            assertThat(c.literal(random(i), 0, CHUNK).compressed()).isFalse();
        }
        // Paused: even text goes raw for the next PAUSE bytes...
        int pauseChunks = (int) (Compression.PAUSE / CHUNK);
        for (int i = 0; i < pauseChunks; i++) {
            Message.Literal l = c.literal(text(), 0, CHUNK);
            assertThat(l.compressed()).isFalse();
            assertThat(l.data()).isEqualTo(text());
        }
        // ...then it tries again.
        assertThat(c.literal(text(), 0, CHUNK).compressed()).isTrue();
    }

    @Test
    void literal_mostlyCompressible_neverPauses() {
        Compression c = new Compression(1 << 20);
        for (int i = 0; i < 40; i++) {
            byte[] data = i % 4 == 0 ? random(i) : text();
            assertThat(c.literal(data, 0, CHUNK).compressed()).isEqualTo(i % 4 != 0);
        }
    }
}
