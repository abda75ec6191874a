package io.confsync.transfer.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** OpenSSH's last line, turned into a kind of failure once, at the edge. */
class OpenSshClassifyTest {

    @Test
    void classify_connectionRefused_isUnreachableNotRefused() {
        assertThat(OpenSshConnector.classify("ssh: connect to host 127.0.0.1 port 2203: Connection refused"))
                .isEqualTo(LinkException.Code.UNREACHABLE);
        assertThat(OpenSshConnector.classify("ssh: connect to host 10.0.0.9 port 22: Connection timed out"))
                .isEqualTo(LinkException.Code.UNREACHABLE);
    }

    @Test
    void classify_hostKeyAndPermission_needAnOperator() {
        assertThat(OpenSshConnector.classify("Host key verification failed.")).isEqualTo(LinkException.Code.HOST_KEY);
        assertThat(OpenSshConnector.classify("root@127.0.0.1: Permission denied (publickey).")).isEqualTo(
                LinkException.Code.AUTHENTICATION);
        assertThat(LinkException.Code.HOST_KEY.needsOperator()).isTrue();
        assertThat(LinkException.Code.UNREACHABLE.needsOperator()).isFalse();
    }

    @Test
    void classify_anythingElse_isLost() {
        assertThat(OpenSshConnector.classify("Connection to 127.0.0.1 closed by remote host."))
                .isEqualTo(LinkException.Code.LOST);
    }
}
