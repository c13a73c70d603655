package io.contmig.inject.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.inject.InjectionContext;
import io.contmig.inject.VerificationResult;
import io.contmig.inject.Verifier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a moved tenant's Kafka topics: reads the whole {@code event-source-decoded-events} topic on both clusters
 * (key = device token, JSON value with {@code request.metadata.seq}) and requires every {@code (device, seq)} of
 * the source on the target; a pair seen more often on the target than on the source is a duplicate, counted and
 * reported (MirrorMaker 2 is at-least-once). For every other tenant topic it compares message counts (the target
 * may hold more: writes after the switch). Messages without a readable seq are counted, not compared.
 *
 * <p>Reads each cluster at its own site, without a consumer group. Thread-safe for {@link #captureSource} then
 * {@link #verify} of one injection. A cluster that cannot be read is an exception (an undecided result).
 */
public final class KafkaTopicsVerifier implements Verifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MISMATCH_LINES = 20;

    private final TenantTopics topics;
    private volatile Side capturedSource;

    KafkaTopicsVerifier(TenantTopics topics) {
        this.topics = topics;
    }

    /** Reads the source now and keeps what it read, for a migration that deletes the source topics afterwards. */
    void captureSource(InjectionContext ctx) throws Exception {
        capturedSource = read(ctx.routing().endpoints(ctx.spec().from(), ctx.spec().from()).kafkaBootstrap());
    }

    @Override
    public VerificationResult verify(InjectionContext ctx) throws Exception {
        Side source = capturedSource != null ? capturedSource
                : read(ctx.routing().endpoints(ctx.spec().from(), ctx.spec().from()).kafkaBootstrap());
        Side target = read(ctx.routing().endpoints(ctx.spec().to(), ctx.spec().to()).kafkaBootstrap());
        return compare(source, target);
    }

    static VerificationResult compare(Side source, Side target) {
        List<String> mismatches = new ArrayList<>();
        long lost = 0;
        long duplicated = 0;
        for (var e : source.pairs.entrySet()) {
            int there = target.pairs.getOrDefault(e.getKey(), 0);
            if (there == 0) {
                lost++;
                if (mismatches.size() < MAX_MISMATCH_LINES) {
                    mismatches.add("missing on target: " + e.getKey());
                }
            }
            duplicated += Math.max(0, there - e.getValue());
        }
        long targetOnly = 0;
        for (var e : target.pairs.entrySet()) {
            if (!source.pairs.containsKey(e.getKey())) {
                targetOnly++;
                duplicated += e.getValue() - 1; // written after the switch, yet more than once
            }
        }
        Map<String, Object> counts = new TreeMap<>();
        long topicShortfalls = 0;
        for (var e : source.counts.entrySet()) {
            long there = target.counts.getOrDefault(e.getKey(), 0L);
            counts.put(e.getKey(), Map.of("source", e.getValue(), "target", there));
            if (there < e.getValue()) {
                topicShortfalls++;
                mismatches.add("topic " + e.getKey() + ": " + e.getValue() + " message(s) on the source, " + there
                        + " on the target");
            }
        }
        long sourceDuplicates = source.pairs.values().stream().mapToLong(n -> n - 1).sum();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", source.decodedTopic);
        details.put("sourcePairs", (long) source.pairs.size());
        details.put("targetPairs", (long) target.pairs.size());
        details.put("targetOnlyPairs", targetOnly);
        details.put("duplicatesAlreadyOnSource", sourceDuplicates);
        details.put("unreadableMessages", Map.of("source", source.unreadable, "target", target.unreadable));
        details.put("messagesPerTopic", counts);
        return VerificationResult.compared("(device, seq) events of " + source.decodedTopic
                + " on the source cluster looked up on the target, and message counts of " + source.counts.size()
                + " topic(s)", source.pairs.size(), lost, duplicated, mismatches, details);
    }

    /** What one cluster holds: (device, seq) counts of the decoded-events topic and message counts per topic. */
    static final class Side {
        final String decodedTopic;
        final Map<String, Integer> pairs = new HashMap<>();
        final Map<String, Long> counts = new TreeMap<>();
        long unreadable;

        Side(String decodedTopic) {
            this.decodedTopic = decodedTopic;
        }
    }

    Side read(String bootstrap) throws Exception {
        Side side = new Side(topics.decodedEvents());
        try (Admin admin = KafkaMirrorMaker2Migration.admin(bootstrap, Duration.ofMillis(topics.timeoutMillis()))) {
            Set<String> names = topics.list(admin);
            if (names.isEmpty()) {
                return side;
            }
            List<TopicPartition> parts = topics.partitions(admin, names);
            Map<TopicPartition, Long> start = topics.startOffsets(admin, parts);
            Map<TopicPartition, Long> end = topics.endOffsets(admin, parts);
            for (TopicPartition tp : parts) {
                side.counts.merge(tp.topic(), end.get(tp) - start.get(tp), Long::sum);
            }
            List<TopicPartition> decoded = parts.stream().filter(tp -> tp.topic().equals(side.decodedTopic)).toList();
            if (!decoded.isEmpty()) {
                readDecoded(bootstrap, decoded, end, side);
            }
        }
        return side;
    }

    private void readDecoded(String bootstrap, List<TopicPartition> parts, Map<TopicPartition, Long> end, Side side)
            throws IOException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : parts) {
                if (consumer.position(tp) < end.get(tp)) {
                    remaining.put(tp, end.get(tp));
                }
            }
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("reading " + side.decodedTopic + " at " + bootstrap + " did not reach "
                            + remaining + " within 2 min");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
                    if (r.offset() < stop) {
                        String seq = seq(r.value());
                        if (seq == null || r.key() == null) {
                            side.unreadable++;
                        } else {
                            side.pairs.merge(r.key() + "#" + seq, 1, Integer::sum);
                        }
                    }
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
        }
    }

    /** {@code request.metadata.seq} of a decoded-event JSON value, or null. */
    static String seq(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode seq = JSON.readTree(value).path("request").path("metadata").path("seq");
            return seq.isMissingNode() || seq.isNull() ? null : seq.asText();
        } catch (IOException e) {
            return null;
        }
    }
}
