package io.contmig.inject.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final TopicPartition P2 = new TopicPartition("t", 2);

    @Test
    void theUnreadTailIsTheSameOnBothClusters() {
        // P0: source 1000..1500 (500 retained away before the mirror), target holds the 500 copied records 0..500;
        // the group read up to 1400: 100 unread → target 400.
        // P1: caught up → the target's end. P2: the group is behind the source's log start → the target's start.
        Map<TopicPartition, Long> derived = IdentityOffsets.derive(Map.of(
                P0, new IdentityOffsets.PartitionView(1400, 1500, 0, 500),
                P1, new IdentityOffsets.PartitionView(70, 70, 0, 70),
                P2, new IdentityOffsets.PartitionView(3, 900, 0, 400)));
        assertThat(derived).containsExactly(Map.entry(P0, 400L), Map.entry(P1, 70L), Map.entry(P2, 0L));
    }

    @Test
    void aCheckpointBehindIsConservativeAndOneAheadIsADisagreement() {
        Map<TopicPartition, Long> derived = Map.of(P0, 400L, P1, 70L, P2, 0L);
        assertThat(IdentityOffsets.disagreements("g", derived, Map.of(P0, 380L, P1, 70L))).isEmpty();
        assertThat(IdentityOffsets.disagreements("g", derived, Map.of(P0, 401L, P1, 70L)))
                .containsExactly("g t-0: MirrorMaker 2 translated to 401, ahead of the identity-derived 400");
    }
}
