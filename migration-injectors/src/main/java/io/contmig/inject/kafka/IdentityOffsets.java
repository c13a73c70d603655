package io.contmig.inject.kafka;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The target offsets of a consumer group after an identity mirror, derived instead of waiting for MirrorMaker 2's
 * periodic checkpoints. Valid once the tenant's writes are held and the mirror lag is 0, on topics without
 * compaction or transactions (SiteWhere's tenant topics): every source record then has exactly one copy on the
 * target, in order, so the records a group has not read yet are the last {@code sourceEnd − committed} of the
 * partition on both clusters, and its target offset is {@code targetEnd − (sourceEnd − committed)} (not below the
 * target's log start: what was retained away at the source was never copied).
 *
 * <p>MirrorMaker 2's own translation (the group's offsets it synced onto the target) is conservative: at or before
 * the exact position, never after it. A checkpoint <em>ahead</em> of the derived offset therefore means the identity
 * assumption does not hold (a record lost or added, a compacted or transactional topic, a target that was not
 * empty), and the cutover must not trust either number: {@link #disagreements} lists those partitions.
 *
 * <p>Pure functions of their arguments; thread-safe.
 */
final class IdentityOffsets {

    private IdentityOffsets() {
    }

    /** Both clusters' view of one partition of the group, as read under the write block at lag 0. */
    record PartitionView(long sourceCommitted, long sourceEnd, long targetStart, long targetEnd) {
    }

    /** The derived target offset of every partition of {@code views}. */
    static Map<TopicPartition, Long> derive(Map<TopicPartition, PartitionView> views) {
        Map<TopicPartition, Long> derived = new LinkedHashMap<>();
        views.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
                .forEach(e -> {
                    PartitionView v = e.getValue();
                    long unread = Math.max(0, v.sourceEnd() - v.sourceCommitted());
                    derived.put(e.getKey(), Math.max(v.targetStart(), v.targetEnd() - unread));
                });
        return derived;
    }

    /**
     * One line per partition where MirrorMaker 2's checkpoint ({@code checkpoints}: the group's offsets on the
     * target as MM2 synced them; absent partitions have none yet) is ahead of the derived offset.
     */
    static List<String> disagreements(String group, Map<TopicPartition, Long> derived,
                                      Map<TopicPartition, Long> checkpoints) {
        List<String> lines = new ArrayList<>();
        derived.forEach((tp, offset) -> {
            Long checkpoint = checkpoints.get(tp);
            if (checkpoint != null && checkpoint > offset) {
                lines.add(group + " " + tp + ": MirrorMaker 2 translated to " + checkpoint
                        + ", ahead of the identity-derived " + offset);
            }
        });
        return lines;
    }
}
