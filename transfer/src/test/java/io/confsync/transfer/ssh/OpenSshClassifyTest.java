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

    @Test
    void message_unreachable_inTheWordsOfTheMinaClient() {
        SshTarget t = new SshTarget("10.0.0.12", 22, "root", SshTarget.Transport.EXEC, "confsync receive --stdio");

        assertThat(OpenSshConnector.message(LinkException.Code.UNREACHABLE, t, 255,
                "ssh: connect to host 10.0.0.12 port 22: Connection refused"))
                .isEqualTo("connect to 10.0.0.12:22: connection refused");
        assertThat(OpenSshConnector.message(LinkException.Code.AUTHENTICATION, t, 255,
                "root@10.0.0.12: Permission denied (publickey)."))
                .isEqualTo(t.describe() + ": ssh exited 255: root@10.0.0.12: Permission denied (publickey).");
        assertThat(LinkException.connectFailed("h", 1, "EHOSTUNREACH")).isEqualTo("connect to h:1: EHOSTUNREACH");
    }
}
