package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.EventPoints;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads one tenant's {@code inbound-events} topic with a group-less consumer (all partitions assigned, nothing
 * committed, so the platform's consumer groups are untouched) and writes each event as the point SiteWhere's
 * persistence would store ({@link EventPoints}) to a target database, {@code batchSize} points per request.
 *
 * <p>Single-threaded (a {@link KafkaConsumer} is), one per replay; close it. Kafka failures surface as
 * {@link IOException}s naming the topic and cluster; a record that is not an event (unparsable JSON, no
 * {@code event}) is skipped and counted — the platform's persistence could not have stored it either.
 */
final class InboundEventReplay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboundEventReplay.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final String topic;
    private final Duration timeout;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private long skipped;

    /** Assigns every partition of {@code topic}; throws when the topic does not exist on {@code bootstrap}. */
    InboundEventReplay(String bootstrap, String topic, String tenant, Duration timeout) throws IOException {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.timeout = timeout;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "contmig-kafka-replay-" + tenant);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            Map<String, List<PartitionInfo>> topics = consumer.listTopics(timeout);
            List<PartitionInfo> infos = topics.get(topic);
            if (infos == null || infos.isEmpty()) {
                throw new IOException("topic " + topic + " does not exist on Kafka " + bootstrap
                        + ": there is no event log to replay");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
        } catch (KafkaException e) {
            consumer.close(Duration.ZERO);
            throw new IOException("Kafka " + bootstrap + ": cannot read topic " + topic + ": " + e.getMessage(), e);
        } catch (IOException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Throws an {@link IllegalStateException} with the reason when the topic no longer holds the tenant's whole
     * history: a partition whose earliest retained offset is above 0 has lost events to retention (the reason names
     * the partition, that offset and the time of its oldest retained event).
     */
    void requireCompleteHistory() throws IOException {
        Map<TopicPartition, Long> earliest = call(() -> consumer.beginningOffsets(partitions, timeout));
        List<String> truncated = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long first = earliest.getOrDefault(tp, 0L);
            if (first > 0) {
                truncated.add("partition " + tp.partition() + " starts at offset " + first + oldestTime(tp, first));
            }
        }
        if (!truncated.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " on Kafka " + bootstrap + " no longer reaches back to "
                    + "the start of the tenant's data (retention deleted older events): " + String.join("; ", truncated)
                    + ". A replay would rebuild only part of the database; use influxdb/copy-catchup instead");
        }
    }

    private String oldestTime(TopicPartition tp, long offset) {
        consumer.seek(tp, offset);
        consumer.pause(partitions.stream().filter(p -> !p.equals(tp)).toList());
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    return " (oldest retained event at " + Instant.ofEpochMilli(r.timestamp()) + ")";
                }
            }
            return "";
        } finally {
            consumer.resume(partitions);
        }
    }

    void seekToBeginning() {
        consumer.seekToBeginning(partitions);
    }

    /** The end offset of each partition now. */
    Map<TopicPartition, Long> endOffsets() throws IOException {
        return call(() -> consumer.endOffsets(partitions, timeout));
    }

    /** Events between the consumer's positions and {@code end}. */
    long lag(Map<TopicPartition, Long> end) throws IOException {
        long lag = 0;
        for (TopicPartition tp : partitions) {
            lag += Math.max(0, end.getOrDefault(tp, 0L) - call(() -> consumer.position(tp, timeout)));
        }
        return lag;
    }

    /** Events skipped so far because they were not events. */
    long skipped() {
        return skipped;
    }

    /**
     * Replays every event from the current positions up to (excluding) {@code end} into {@code database} on
     * {@code target}; returns the number of points written. Throws {@link InterruptedException} when interrupted
     * between polls.
     */
    long replayTo(Map<TopicPartition, Long> end, InfluxClient target, String database, int batchSize)
            throws IOException, InterruptedException {
        List<String> batch = new ArrayList<>(batchSize);
        long written = 0;
        while (lag(end) > 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("replay of " + topic + " interrupted");
            }
            for (ConsumerRecord<byte[], byte[]> r : call(() -> consumer.poll(Duration.ofMillis(500)))) {
                Long stop = end.get(new TopicPartition(r.topic(), r.partition()));
                if (stop != null && r.offset() >= stop) {
                    continue; // beyond this round; the next round reads it again from its position
                }
                String point = point(r);
                if (point != null) {
                    batch.add(point);
                }
                if (batch.size() >= batchSize) {
                    target.write(database, batch, "ns");
                    written += batch.size();
                    batch.clear();
                }
            }
            // Positions may have run past `end` in a partition; rewind so the next round sees those records.
            for (TopicPartition tp : partitions) {
                long stop = end.getOrDefault(tp, 0L);
                if (call(() -> consumer.position(tp, timeout)) > stop) {
                    consumer.seek(tp, stop);
                }
            }
        }
        target.write(database, batch, "ns");
        return written + batch.size();
    }

    private String point(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode inbound = JSON.readTree(r.value());
            if (inbound != null && inbound.get("event") instanceof ObjectNode event) {
                EventPoints.addPrecision(event);
                return EventPoints.point(event);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}-{}@{}: not an event: {}", r.topic(), r.partition(), r.offset(), e.toString());
        }
        skipped++;
        return null;
    }

    private <T> T call(KafkaCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (KafkaException e) {
            throw new IOException("Kafka " + bootstrap + ", topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface KafkaCall<T> {
        T run();
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
