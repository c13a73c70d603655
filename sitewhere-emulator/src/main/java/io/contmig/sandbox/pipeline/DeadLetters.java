package io.contmig.sandbox.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The dead letters of one batch of a pipeline stage: each event the stage gives up on is copied, key and value
 * unchanged, to the tenant's dead-letter topic with headers saying why and where it came from
 * ({@code contmig.reason}, {@code contmig.detail}, {@code contmig.source} = {@code topic/partition/offset}), and counted
 * per reason in the tenant's {@link PipelineStats} once Kafka acknowledged the copy. A stage that dead-letters an
 * event commits past it, so the rest of the tenant's events flow on.
 *
 * <p>Not thread-safe: one instance per batch, on the stage's loop thread.
 */
final class DeadLetters {

    /** Why an event was given up on: a fixed set of labels, so the per-tenant counts stay a small map. */
    enum Reason {
        /** The record is not the JSON the stage expects. */
        UNREADABLE("unreadable-event"),
        /** The event cannot be written as valid InfluxDB line protocol (refused before sending). */
        UNWRITABLE("unwritable-point"),
        /** InfluxDB answered 400 to the event's point written alone. */
        REFUSED("refused-by-store"),
        /** The store kept failing for longer than the stage's deadline. */
        UNAVAILABLE("store-unavailable");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The label written to the header and the report. */
        String label() {
            return label;
        }
    }

    private static final int MAX_DETAIL = 500;

    private final String topic;
    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    private final Map<Reason, Long> counts = new EnumMap<>(Reason.class);

    /** Dead letters going to {@code topic} (the tenant's {@code dead-letter-events}). */
    DeadLetters(String topic) {
        this.topic = topic;
    }

    /** Adds {@code source} as a dead letter for {@code reason}; {@code detail} is the error, cut to 500 chars. */
    void add(ConsumerRecord<String, byte[]> source, Reason reason, String detail) {
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(topic, source.key(), source.value());
        String text = detail == null ? "" : detail;
        copy.headers().add("contmig.reason", reason.label().getBytes(StandardCharsets.UTF_8))
                .add("contmig.detail", text.substring(0, Math.min(MAX_DETAIL, text.length()))
                        .getBytes(StandardCharsets.UTF_8))
                .add("contmig.source", (source.topic() + "/" + source.partition() + "/" + source.offset())
                        .getBytes(StandardCharsets.UTF_8));
        records.add(copy);
        counts.merge(reason, 1L, Long::sum);
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    int size() {
        return records.size();
    }

    /** Writes the dead letters through {@code producer} and, once acknowledged, counts them in {@code stats}. */
    void send(GatedProducer producer, PipelineStats stats) throws Exception {
        producer.sendAll(records);
        counts.forEach((reason, n) -> stats.deadLettered(reason.label(), n));
    }
}
