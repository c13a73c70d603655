package io.contmig.inject.kafka;

import io.contmig.sitewhere.SiteWhereNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * SiteWhere's Kafka topics of one tenant ({@link SiteWhereNames#topicPrefix()}) and the offset facts the
 * Kafka injectors need about them on one cluster. Immutable; the admin calls use the caller's {@link Admin}
 * (thread-safe) and fail with the cluster's exception after {@code timeoutMillis}.
 *
 * @param tenant        a validated tenant name
 * @param timeoutMillis deadline of each admin call
 */
record TenantTopics(String tenant, long timeoutMillis) {

    /** SiteWhere's names of the tenant's topics. */
    SiteWhereNames names() {
        return SiteWhereNames.of(tenant);
    }

    /** {@code sitewhere.sitewhere.tenant.<t>.} */
    String prefix() {
        return names().topicPrefix();
    }

    /** The regular expression MirrorMaker 2 selects the tenant's topics with. */
    String regex() {
        return names().topicRegex();
    }

    String decodedEvents() {
        return names().decodedEventsTopic();
    }

    /** The tenant's topics on the cluster, sorted. */
    Set<String> list(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listTopics(new ListTopicsOptions().listInternal(false)).names()
                .get(timeoutMillis, TimeUnit.MILLISECONDS).stream()
                .filter(t -> t.startsWith(prefix())).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Partitions of {@code topics} (which must exist). */
    List<TopicPartition> partitions(Admin admin, Set<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
        return d.values().stream().flatMap(t -> t.partitions().stream()
                .map(p -> new TopicPartition(t.name(), p.partition()))).toList();
    }

    /** Latest (end) offsets of {@code partitions}. */
    Map<TopicPartition, Long> endOffsets(Admin admin, List<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        return offsets(admin, partitions, OffsetSpec.latest());
    }

    /** Earliest (log start) offsets of {@code partitions}. */
    Map<TopicPartition, Long> startOffsets(Admin admin, List<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        return offsets(admin, partitions, OffsetSpec.earliest());
    }

    private Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException, TimeoutException {
        return offsetsAsync(admin, partitions, spec).get(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Requests the {@code spec} offsets of {@code partitions} without waiting, so that several requests (to one
     * cluster or both) travel at once; the caller bounds its wait by {@link #timeoutMillis}.
     */
    KafkaFuture<Map<TopicPartition, Long>> offsetsAsync(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) {
        if (partitions.isEmpty()) {
            return KafkaFuture.completedFuture(Map.of());
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        return admin.listOffsets(request).all().thenApply(infos -> {
            Map<TopicPartition, Long> result = new HashMap<>();
            infos.forEach((tp, info) -> result.put(tp, info.offset()));
            return result;
        });
    }
}
