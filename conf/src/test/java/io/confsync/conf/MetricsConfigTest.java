package io.confsync.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricsConfigTest {

    @Test
    void parse_portOnly_loopback() {
        assertThat(MetricsConfig.parse("9464")).isEqualTo(new MetricsConfig("127.0.0.1", 9464));
    }

    @Test
    void parse_addressAndPort_bothTaken() {
        assertThat(MetricsConfig.parse("0.0.0.0:9464")).isEqualTo(new MetricsConfig("0.0.0.0", 9464));
        assertThat(MetricsConfig.parse("[::1]:9464")).isEqualTo(new MetricsConfig("::1", 9464));
    }

    @Test
    void parse_badForms_sayWhatIsAccepted() {
        assertThatThrownBy(() -> MetricsConfig.parse(":9464")).hasMessageContaining("0.0.0.0:9464");
        assertThatThrownBy(() -> MetricsConfig.parse("localhost")).hasMessageContaining("127.0.0.1:9464");
        assertThatThrownBy(() -> MetricsConfig.parse("70000")).hasMessageContaining("0-65535");
    }
}
