package io.contmig.inject.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How far a mirror of a tenant's topics has come, measured on both clusters: per partition, messages on the source
 * (end − log start at the mirror's start) not yet on the target (end offset), and whether the tenant's consumer
 * groups have their committed offsets translated onto the target, or derives those offsets at lag 0
 * ({@link #deriveGroupOffsets}). Keeps the source's log-start offsets and, once {@link #freezeTopology frozen}, the
 * topics' partitions; one reader thread only. Admin failures (a cluster down) are thrown.
 */
final class MirrorProgress {

    private final TenantTopics topics;
    private final Admin source;
    private final Admin target;
    private final Map<TopicPartition, Long> sourceStart = new HashMap<>();
    private Snapshot last;
    private List<TopicPartition> lastPartitions;
    private List<TopicPartition> frozen;
    /** The source's consumer groups, asked for by {@link #freezeTopology}; null before. */
    private KafkaFuture<Collection<ConsumerGroupListing>> groupsAsk;

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

    /**
     * From now on, {@link #snapshot} reuses the topics and partitions of the last snapshot instead of listing them
     * (two round trips less per look): for the cutover, where the tenant's writes are held and MM2 has created
     * every topic on the target. Ignored (a no-op) until a snapshot found every topic on the target.
     */
    void freezeTopology() {
        if (last != null && last.allTopicsPresent()) {
            frozen = lastPartitions;
        }
        // The tenant's groups do not change while its consumers are paused: list them while the lag drains.
        groupsAsk = source.listConsumerGroups().all();
    }

    Snapshot snapshot() throws ExecutionException, InterruptedException, TimeoutException {
        if (frozen != null) {
            return measure(last.sourceTopics(), Set.of(), frozen);
        }
        Set<String> sourceTopics = topics.list(source);
        Set<String> targetTopics = topics.list(target);
        Set<String> missing = new java.util.TreeSet<>(sourceTopics);
        missing.removeAll(targetTopics);
        List<TopicPartition> partitions = topics.partitions(source, sourceTopics);
        lastPartitions = partitions;
        last = measure(sourceTopics, missing, partitions);
        return last;
    }

    private Snapshot measure(Set<String> sourceTopics, Set<String> missing, List<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<TopicPartition> unknownStart = partitions.stream().filter(tp -> !sourceStart.containsKey(tp)).toList();
        if (!unknownStart.isEmpty()) {
            sourceStart.putAll(topics.startOffsets(source, unknownStart));
        }
        List<TopicPartition> onTarget = partitions.stream().filter(tp -> !missing.contains(tp.topic())).toList();
        Map<TopicPartition, Long> targetEnd;
        Map<TopicPartition, Long> sourceEnd;
        if (frozen != null) {
            // Frozen = the tenant's writes are held: the source does not grow, so both clusters are asked at once.
            var targetAsk = topics.offsetsAsync(target, onTarget, OffsetSpec.latest());
            var sourceAsk = topics.offsetsAsync(source, partitions, OffsetSpec.latest());
            targetEnd = targetAsk.get(topics.timeoutMillis(), TimeUnit.MILLISECONDS);
            sourceEnd = sourceAsk.get(topics.timeoutMillis(), TimeUnit.MILLISECONDS);
        } else {
            // Target first, then source: the source only grows meanwhile, so the lag is never under-estimated.
            targetEnd = onTarget.isEmpty() ? Map.of() : topics.endOffsets(target, partitionsPresent(onTarget));
            sourceEnd = topics.endOffsets(source, partitions);
        }
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

    /**
     * What {@link #deriveGroupOffsets} found: per group, the target offsets to commit; the partitions where
     * MirrorMaker 2's own translation disagrees; how many partitions had a translation to compare with.
     */
    record Derivation(Map<String, Map<TopicPartition, Long>> offsets, List<String> disagreements,
                      int checkpointsCompared) {
    }

    /**
     * Derives the target offsets of every consumer group that committed on a tenant topic at the source
     * ({@link IdentityOffsets}); call only with the tenant's writes held and its consumers paused at lag 0. Reads
     * every group's offsets in one request per cluster, so the cost is a few round trips whatever the group count.
     */
    Derivation deriveGroupOffsets() throws ExecutionException, InterruptedException, TimeoutException {
        long t = topics.timeoutMillis();
        // Two rounds of requests, each sent to both clusters at once: what the block costs is round trips over the WAN.
        // Round 1: the groups, and the offsets of every partition of the tenant (known once the topology is frozen).
        var listed = groupsAsk != null ? groupsAsk : source.listConsumerGroups().all();
        List<TopicPartition> known = frozen == null ? List.of() : frozen;
        OffsetsAsked knownOffsets = new OffsetsAsked(known);
        Map<String, ListConsumerGroupOffsetsSpec> groups = new TreeMap<>();
        for (ConsumerGroupListing g : listed.get(t, TimeUnit.MILLISECONDS)) {
            groups.put(g.groupId(), new ListConsumerGroupOffsetsSpec());
        }
        if (groups.isEmpty()) {
            return new Derivation(Map.of(), List.of(), 0);
        }
        // Round 2: the groups' committed offsets on the source and MM2's checkpoints of them on the target.
        var onSource = source.listConsumerGroupOffsets(groups).all();
        var onTarget = target.listConsumerGroupOffsets(groups).all();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = tenantOnly(onSource.get(t, TimeUnit.MILLISECONDS));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> checkpoints = tenantOnly(onTarget.get(t, TimeUnit.MILLISECONDS));
        Set<TopicPartition> parts = new HashSet<>();
        committed.values().forEach(m -> parts.addAll(m.keySet()));
        Map<TopicPartition, Long> sourceEnd = new HashMap<>();
        Map<TopicPartition, Long> targetStart = new HashMap<>();
        Map<TopicPartition, Long> targetEnd = new HashMap<>();
        knownOffsets.into(sourceEnd, targetStart, targetEnd);
        List<TopicPartition> unknown = parts.stream().filter(tp -> !sourceEnd.containsKey(tp)).toList();
        if (!unknown.isEmpty()) {
            // A committed partition outside the frozen topology (or no frozen topology): one more round.
            new OffsetsAsked(unknown).into(sourceEnd, targetStart, targetEnd);
        }
        Map<String, Map<TopicPartition, Long>> offsets = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        for (var group : committed.entrySet()) {
            Map<TopicPartition, IdentityOffsets.PartitionView> views = new HashMap<>();
            group.getValue().forEach((tp, o) -> views.put(tp, new IdentityOffsets.PartitionView(o.offset(),
                    sourceEnd.get(tp), targetStart.get(tp), targetEnd.get(tp))));
            Map<TopicPartition, Long> derived = IdentityOffsets.derive(views);
            Map<TopicPartition, Long> translated = new HashMap<>();
            checkpoints.getOrDefault(group.getKey(), Map.of()).forEach((tp, o) -> translated.put(tp, o.offset()));
            compared += (int) derived.keySet().stream().filter(translated::containsKey).count();
            disagreements.addAll(IdentityOffsets.disagreements(group.getKey(), derived, translated));
            offsets.put(group.getKey(), derived);
        }
        return new Derivation(offsets, disagreements, compared);
    }

    /** The source's end and the target's start and end offsets of some partitions, asked of both clusters at once. */
    private final class OffsetsAsked {
        private final KafkaFuture<Map<TopicPartition, Long>> sourceEnd;
        private final KafkaFuture<Map<TopicPartition, Long>> targetStart;
        private final KafkaFuture<Map<TopicPartition, Long>> targetEnd;

        OffsetsAsked(List<TopicPartition> partitions) {
            sourceEnd = topics.offsetsAsync(source, partitions, OffsetSpec.latest());
            targetStart = topics.offsetsAsync(target, partitions, OffsetSpec.earliest());
            targetEnd = topics.offsetsAsync(target, partitions, OffsetSpec.latest());
        }

        /** Waits for the three answers (each at most the admin timeout) and adds them to the maps. */
        void into(Map<TopicPartition, Long> sourceEnds, Map<TopicPartition, Long> targetStarts,
                  Map<TopicPartition, Long> targetEnds) throws ExecutionException, InterruptedException, TimeoutException {
            long t = topics.timeoutMillis();
            sourceEnds.putAll(sourceEnd.get(t, TimeUnit.MILLISECONDS));
            targetStarts.putAll(targetStart.get(t, TimeUnit.MILLISECONDS));
            targetEnds.putAll(targetEnd.get(t, TimeUnit.MILLISECONDS));
        }
    }

    /** Commits {@code derivation}'s offsets on the target (its groups have no members there yet). */
    void commitOnTarget(Derivation derivation) throws ExecutionException, InterruptedException, TimeoutException {
        List<org.apache.kafka.common.KafkaFuture<Void>> pending = new ArrayList<>();
        derivation.offsets().forEach((group, offsets) -> {
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            offsets.forEach((tp, o) -> commit.put(tp, new OffsetAndMetadata(o)));
            pending.add(target.alterConsumerGroupOffsets(group, commit).all());
        });
        for (var f : pending) {
            f.get(topics.timeoutMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Map<String, Map<TopicPartition, OffsetAndMetadata>> tenantOnly(
            Map<String, Map<TopicPartition, OffsetAndMetadata>> byGroup) {
        Map<String, Map<TopicPartition, OffsetAndMetadata>> mine = new TreeMap<>();
        byGroup.forEach((group, offsets) -> {
            Map<TopicPartition, OffsetAndMetadata> m = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null && tp.topic().startsWith(topics.prefix())) {
                    m.put(tp, o);
                }
            });
            if (!m.isEmpty()) {
                mine.put(group, m);
            }
        });
        return mine;
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
