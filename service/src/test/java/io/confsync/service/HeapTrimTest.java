package io.confsync.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapTrimTest {

    private static final long MIB = 1L << 20;
    private static final long S = 1_000_000_000L;

    @Test
    void due_quietAfterCollections_trimsOnceThenNotWhileIdle() {
        HeapTrim t = new HeapTrim();
        assertThat(t.due(0, 10, 40 * MIB)).as("first look: nothing to compare").isFalse();
        assertThat(t.due(30 * S, 25, 40 * MIB)).as("collections since: busy").isFalse();
        assertThat(t.due(60 * S, 25, 40 * MIB)).as("a quiet period after the burst").isTrue();
        t.trimmed(29);
        assertThat(t.due(90 * S, 29, 16 * MIB)).as("its own collections are not activity").isFalse();
        assertThat(t.due(120 * S, 29, 16 * MIB)).as("idle: never again").isFalse();
    }

    @Test
    void due_smallHeapOrTooSoon_waits() {
        HeapTrim t = new HeapTrim();
        t.due(0, 1, 20 * MIB);
        t.due(30 * S, 2, 20 * MIB);
        assertThat(t.due(60 * S, 2, 20 * MIB)).as("under the floor").isFalse();

        HeapTrim u = new HeapTrim();
        u.due(0, 1, 40 * MIB);
        u.due(30 * S, 2, 40 * MIB);
        assertThat(u.due(60 * S, 2, 40 * MIB)).isTrue();
        u.trimmed(6);
        u.due(90 * S, 8, 40 * MIB);
        assertThat(u.due(120 * S, 8, 40 * MIB)).as("a second burst within the spacing").isFalse();
        u.due(400 * S, 9, 40 * MIB);
        assertThat(u.due(430 * S, 9, 40 * MIB)).as("after the spacing").isTrue();
    }
}
