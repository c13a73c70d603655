package io.contmig.inject.kafka;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.VerificationResult;
import io.contmig.inject.Verifier;
import io.contmig.servers.kafka.KafkaTopicScanner;
import io.contmig.sitewhere.EventSeq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a moved tenant's Kafka topics: reads the whole {@code event-source-decoded-events} topic on both clusters
 * (key = device token, value the sandbox's JSON or SiteWhere 3's protobuf {@code GDecodedEventPayload}, seq read by
 * {@link io.contmig.sitewhere.EventSeq}) and requires every {@code (device, seq)} of
 * the source on the target; a pair seen more often on the target than on the source is a duplicate, counted and
 * reported (MirrorMaker 2 is at-least-once). For every other tenant topic it compares message counts (the target
 * may hold more: writes after the switch). Messages without a readable seq are counted, not compared.
 *
 * <p>Reads each cluster at its own site, without a consumer group (a requested source drop comes only after this
 * verification). Thread-safe. A cluster that cannot be read is an exception (an undecided result).
 */
public final class KafkaTopicsVerifier implements Verifier {

    /** How long reading one cluster's decoded-events topic may take. */
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_MISMATCH_LINES = 20;

    private final TenantTopics topics;

    KafkaTopicsVerifier(TenantTopics topics) {
        this.topics = topics;
    }

    @Override
    public VerificationResult verify(InjectionContext ctx) throws Exception {
        Side source = read(ctx.routing().endpoints(ctx.spec().from(), ctx.spec().from()).kafkaBootstrap());
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
        try (KafkaTopicScanner scanner = new KafkaTopicScanner(bootstrap, Duration.ofMillis(topics.timeoutMillis()),
                SCAN_TIMEOUT)) {
            side.counts.putAll(scanner.messageCounts(topics.prefix()));
            if (side.counts.containsKey(side.decodedTopic)) {
                scanner.scan(side.decodedTopic, (key, value) -> {
                    long seq = EventSeq.ofDecodedEvent(value);
                    if (seq == 0 || key == null) {
                        side.unreadable++;
                    } else {
                        side.pairs.merge(key + "#" + seq, 1, Integer::sum);
                    }
                });
            }
        }
        return side;
    }
}
