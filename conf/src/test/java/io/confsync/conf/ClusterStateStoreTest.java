package io.confsync.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateStoreTest {

    @TempDir
    Path dir;

    @Test
    void read_missingFile_isFreshNode() throws Exception {
        ClusterState s = new ClusterStateStore(dir, "c").read();
        assertThat(s).isEqualTo(ClusterState.fresh("c"));
        assertThat(s.isSource("a")).isFalse();
    }

    @Test
    void update_thenRead_roundTrips() throws Exception {
        ClusterStateStore store = new ClusterStateStore(dir, "c");
        ClusterState s = new ClusterState("c", 4, "n2", 17, "n3");
        store.update(x -> s);
        assertThat(new ClusterStateStore(dir, "c").read()).isEqualTo(s);
        assertThat(Files.readString(store.file())).contains("epoch: 4").contains("source: n2");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".confsync-tmp"));
    }

    @Test
    void update_steppedDown_keptAndNoSourceAnyMore() throws Exception {
        ClusterStateStore store = new ClusterStateStore(dir, "c");
        ClusterState source = new ClusterState("c", 3, "n1", 9, null);
        store.update(x -> source);
        String before = Files.readString(store.file());
        assertThat(before).as("a state not stepped down is written as before").doesNotContain("stepped-down");

        ClusterState down = store.update(ClusterState::steppingDown);

        assertThat(new ClusterStateStore(dir, "c").read()).isEqualTo(down);
        assertThat(down.isSource("n1")).isFalse();
        assertThat(down.seq()).isEqualTo(9);
        assertThat(Files.readString(store.file())).contains("stepped-down: yes");
        assertThat(down.next().steppedDown()).isTrue();
        assertThat(down.following(4, "n2").steppedDown()).as("a newer epoch starts afresh").isFalse();
    }

    @Test
    void read_flippedDigit_refusesWithWhatToDo() throws Exception {
        ClusterStateStore store = new ClusterStateStore(dir, "c");
        store.update(x -> ClusterState.bootstrap("c", "n1"));
        Files.writeString(store.file(), Files.readString(store.file()).replace("epoch: 1", "epoch: 9"));
        assertThatThrownBy(store::read).isInstanceOf(StateException.class)
                .hasMessageContaining("cluster-state: fails its checksum")
                .hasMessageContaining("neither push nor accept").hasMessageContaining("Move the file away");
        assertThatThrownBy(() -> store.update(ClusterState::next)).isInstanceOf(StateException.class);
    }

    @Test
    void read_truncatedOrEmpty_refused() throws Exception {
        ClusterStateStore store = new ClusterStateStore(dir, "c");
        store.update(x -> ClusterState.bootstrap("c", "n1"));
        String text = Files.readString(store.file());
        for (String broken : List.of("", text.substring(0, text.length() / 2), text.substring(0, text.length() - 1))) {
            Files.writeString(store.file(), broken);
            assertThatThrownBy(store::read).as(broken).isInstanceOf(StateException.class);
        }
        Files.write(store.file(), new byte[] {(byte) 0xff, 0, 10});
        assertThatThrownBy(store::read).isInstanceOf(StateException.class);
    }

    @Test
    void read_otherCluster_refusedNamingBoth() throws Exception {
        new ClusterStateStore(dir, "other").update(x -> ClusterState.bootstrap("other", "n1"));
        assertThatThrownBy(() -> new ClusterStateStore(dir, "c").read())
                .hasMessageContaining("belongs to cluster 'other'").hasMessageContaining("says 'c'");
    }

    @Test
    void update_concurrentIncrements_noneLost() throws Exception {
        ClusterStateStore store = new ClusterStateStore(dir, "c");
        store.update(x -> ClusterState.bootstrap("c", "n1"));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < 25; i++) {
                    try {
                        new ClusterStateStore(dir, "c").update(ClusterState::next);
                    } catch (StateException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertThat(store.read().seq()).isEqualTo(100);
        assertThat(new String(Files.readAllBytes(store.file()), StandardCharsets.UTF_8)).endsWith("\n");
    }
}
