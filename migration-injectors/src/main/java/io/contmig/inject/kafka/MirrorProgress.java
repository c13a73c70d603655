package io.contmig.inject.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How far a mirror of a tenant's topics has come, measured on both clusters: per partition, messages on the source
 * (end − log start at the mirror's start) not yet on the target (end offset), and whether the tenant's consumer
 * groups have their committed offsets translated onto the target. Stateless apart from the source's log-start
 * offsets; thread-safe for one reader. Admin failures (a cluster down) are thrown.
 */
final class MirrorProgress {

    private final TenantTopics topics;
    private final Admin source;
    private final Admin target;
    private final Map<TopicPartition, Long> sourceStart = new HashMap<>();

    MirrorProgress(TenantTopics topics, Admin source, Admin target) {
        this.topics = topics;
        this.source = source;
        this.target = target;
    }

    /** What one look at both clusters found. */
    record Snapshot(Set<String> sourceTopics, Set<String> missingOnTarget, long lag, Map<String, Long> lagPerTopic) {
        boolean allTopicsPresent() {
            return missingOnTarget.isEmpty();
        }
    }

    Snapshot snapshot() throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> sourceTopics = topics.list(source);
        Set<String> targetTopics = topics.list(target);
        Set<String> missing = new java.util.TreeSet<>(sourceTopics);
        missing.removeAll(targetTopics);
        List<TopicPartition> partitions = topics.partitions(source, sourceTopics);
        List<TopicPartition> unknownStart = partitions.stream().filter(tp -> !sourceStart.containsKey(tp)).toList();
        if (!unknownStart.isEmpty()) {
            sourceStart.putAll(topics.startOffsets(source, unknownStart));
        }
        // Target first, then source: the source only grows meanwhile, so the lag is never under-estimated.
        List<TopicPartition> onTarget = partitions.stream().filter(tp -> !missing.contains(tp.topic())).toList();
        Map<TopicPartition, Long> targetEnd = onTarget.isEmpty() ? Map.of()
                : topics.endOffsets(target, partitionsPresent(onTarget));
        Map<TopicPartition, Long> sourceEnd = topics.endOffsets(source, partitions);
        Map<String, Long> perTopic = new java.util.TreeMap<>();
        long lag = 0;
        for (TopicPartition tp : partitions) {
            long copied = targetEnd.getOrDefault(tp, 0L);
            long l = Math.max(0, sourceEnd.get(tp) - sourceStart.get(tp) - copied);
            perTopic.merge(tp.topic(), l, Long::sum);
            lag += l;
        }
        return new Snapshot(sourceTopics, missing, lag, perTopic);
    }

    /** Only the partitions that exist on the target (MM2 creates a topic with the source's partition count). */
    private List<TopicPartition> partitionsPresent(List<TopicPartition> wanted)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> names = new java.util.TreeSet<>();
        wanted.forEach(tp -> names.add(tp.topic()));
        Set<TopicPartition> present = new java.util.HashSet<>(topics.partitions(target, names));
        return wanted.stream().filter(present::contains).toList();
    }

    /**
     * The tenant's consumer groups whose committed offsets are not (yet) on the target, as one line each; empty when
     * every group committed on a tenant topic at the source has, for each such partition, a committed offset on the
     * target that is exact for a caught-up partition (source committed = source end → target committed = target end)
     * and never ahead of the source position for a lagging one. A partition whose group committed nothing past its
     * log start needs no offset on the target (the consumer's reset to earliest is the same position).
     */
    List<String> unsyncedGroups() throws ExecutionException, InterruptedException, TimeoutException {
        List<String> unsynced = new ArrayList<>();
        long t = topics.timeoutMillis();
        for (ConsumerGroupListing g : source.listConsumerGroups().all().get(t, TimeUnit.MILLISECONDS)) {
            Map<TopicPartition, OffsetAndMetadata> committed = tenantOffsets(source, g.groupId());
            if (committed.isEmpty()) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> there = tenantOffsets(target, g.groupId());
            List<TopicPartition> parts = new ArrayList<>(committed.keySet());
            Map<TopicPartition, Long> sourceEnd = topics.endOffsets(source, parts);
            Map<TopicPartition, Long> start = topics.startOffsets(source, parts);
            List<TopicPartition> presentOnTarget = parts.stream().filter(there::containsKey).toList();
            Map<TopicPartition, Long> targetEnd = presentOnTarget.isEmpty() ? Map.of()
                    : topics.endOffsets(target, presentOnTarget);
            for (TopicPartition tp : parts) {
                long c = committed.get(tp).offset();
                OffsetAndMetadata o = there.get(tp);
                if (o == null && c <= start.get(tp)) {
                    // Nothing of this partition was consumed at the source (e.g. a partition no key hashed to):
                    // MM2 emits no checkpoint for it, and a consumer without a committed offset on the target
                    // starts at the earliest offset (auto.offset.reset=earliest), which is the same position.
                    continue;
                } else if (o == null) {
                    unsynced.add(g.groupId() + " " + tp + ": no offset on the target yet (source " + c + ")");
                } else if (c == sourceEnd.get(tp) && o.offset() != targetEnd.get(tp)) {
                    unsynced.add(g.groupId() + " " + tp + ": target " + o.offset() + ", expected " + targetEnd.get(tp));
                } else if (o.offset() > c - start.get(tp)) {
                    unsynced.add(g.groupId() + " " + tp + ": target " + o.offset() + " ahead of source " + c);
                }
            }
        }
        return unsynced;
    }

    private Map<TopicPartition, OffsetAndMetadata> tenantOffsets(Admin admin, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                .get(topics.timeoutMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> mine = new HashMap<>();
        all.forEach((tp, o) -> {
            if (o != null && tp.topic().startsWith(topics.prefix())) {
                mine.put(tp, o);
            }
        });
        return mine;
    }
}
