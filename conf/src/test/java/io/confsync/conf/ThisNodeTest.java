package io.confsync.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a configuration file shared by every node finds this node: {@link ConfigLoader#load}. */
class ThisNodeTest {

    private static final String SHARED = """
            cluster: gw
            nodes:
              - name: mx1.example.org
                address: 10.0.0.1
              - name: mx2
                address: mx2.internal
              - name: mx3
                address: 10.0.0.3
            sync:
              - path: /etc/postfix
            """;

    /** A resolver with two names; literals stand for themselves. */
    private static final Map<String, Set<String>> DNS = Map.of("mx2.internal", Set.of("10.0.0.2"));

    private static String self(NodeChoice chosen, ThisHost host, String text) throws ConfigException {
        return new ConfigLoader("c.yaml", chosen, () -> host,
                a -> DNS.getOrDefault(a, a.matches("[0-9.]+") ? Set.of(a) : Set.of())).load(text).node();
    }

    private static ThisHost host(Set<String> names, Set<String> addresses) {
        return new ThisHost(names, addresses);
    }

    @Test
    void load_nodeChosenOutside_winsOverKeyAndHost() throws Exception {
        String withKey = SHARED.replace("nodes:", "node: mx3\nnodes:");

        assertThat(self(new NodeChoice("mx2", "--node"), ThisHost.named("mx1.example.org"), withKey)).isEqualTo("mx2");
        assertThat(self(null, ThisHost.named("mx1.example.org"), withKey)).isEqualTo("mx3");
    }

    @Test
    void load_nodeChosenOutsideNotListed_namesWhereFromAndTheNodes() {
        assertThatThrownBy(() -> self(new NodeChoice("mx9", "CONFSYNC_NODE"), ThisHost.named(), SHARED))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.yaml:3:3: node 'mx9' (from CONFSYNC_NODE) is not in the nodes list: "
                        + "mx1.example.org, mx2, mx3 (give one of these names)");
    }

    @Test
    void load_hostNameOrShortName_findsTheNode() throws Exception {
        assertThat(self(null, ThisHost.named("mx1.example.org"), SHARED)).isEqualTo("mx1.example.org");
        assertThat(self(null, ThisHost.named("MX2.example.org"), SHARED)).isEqualTo("mx2");
    }

    @Test
    void load_noNameMatches_findsTheNodeByInterfaceAddress() throws Exception {
        assertThat(self(null, host(Set.of("vm"), Set.of("127.0.0.1", "10.0.0.3")), SHARED)).isEqualTo("mx3");
        assertThat(self(null, host(Set.of("vm"), Set.of("10.0.0.2")), SHARED)).isEqualTo("mx2");
    }

    @Test
    void load_noNodeMatches_listsTheHostAndTheCandidates() {
        assertThatThrownBy(() -> self(null, host(Set.of("vm"), Set.of("192.168.1.5")), SHARED))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.yaml:3:3: this host (names vm; addresses 192.168.1.5) is none of the nodes: "
                        + "mx1.example.org (10.0.0.1), mx2 (mx2.internal), mx3 (10.0.0.3) "
                        + "(give --node NAME, set CONFSYNC_NODE, or set 'node:' in this node's file)");
    }

    @Test
    void load_twoNodesMatch_refusesAndListsBoth() {
        String loopback = """
                cluster: lab
                nodes:
                  - {name: n1, address: 127.0.0.1, port: 2201}
                  - {name: n2, address: 127.0.0.1, port: 2202}
                sync:
                  - path: /etc/postfix
                """;

        assertThatThrownBy(() -> self(null, host(Set.of("vm"), Set.of("127.0.0.1")), loopback))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("matches 2 nodes by address: n1 (127.0.0.1), n2 (127.0.0.1)")
                .hasMessageContaining("give --node NAME or set CONFSYNC_NODE");
        assertThatThrownBy(() -> self(null, ThisHost.named("mx1.example.org"),
                SHARED.replace("name: mx2", "name: mx1")))
                .hasMessageContaining("matches 2 nodes by name: mx1.example.org (10.0.0.1), mx1 (mx2.internal)");
    }

    @Test
    void detect_thisMachine_hasItsLoopbackAddressAndAName() {
        ThisHost here = ThisHost.detect();

        assertThat(here.addresses()).contains("127.0.0.1");
        assertThat(here.names()).isNotEmpty().allMatch(n -> n.equals(n.toLowerCase(java.util.Locale.ROOT)));
        assertThat(ThisHost.resolve("127.0.0.1")).containsExactly("127.0.0.1");
    }
}
