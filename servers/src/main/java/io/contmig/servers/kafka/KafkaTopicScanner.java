package io.contmig.servers.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads topics of one Kafka cluster end to end, without a consumer group (so it never moves anyone's committed
 * offsets): the topics under a prefix with their message counts, and every record of one topic from the log start
 * to the end offsets taken when the scan starts. The verifiers and the cross-store checker use it to read a
 * tenant's topics (SiteWhere's names: {@code io.contmig.sitewhere.SiteWhereNames}).
 *
 * <p>Not thread-safe (it owns one {@link KafkaConsumer}); close it. Reads committed records only (the same as all
 * records when no producer uses transactions). Every failure — cluster unreachable, topic missing, a metadata call
 * or a scan longer than its bound — is an {@link IOException} naming the cluster and the topic.
 */
public final class KafkaTopicScanner implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrap;
    private final Duration requestTimeout;
    private final Duration scanTimeout;
    private final KafkaConsumer<String, byte[]> consumer;

    /**
     * A scanner of the cluster at {@code bootstrap}.
     *
     * @param requestTimeout bound of each metadata or offset request
     * @param scanTimeout    bound of one whole {@link #scan}
     */
    public KafkaTopicScanner(String bootstrap, Duration requestTimeout, Duration scanTimeout) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.scanTimeout = Objects.requireNonNull(scanTimeout, "scanTimeout");
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        // A reader must never create the topic it looks for: a missing topic is an error, not an empty one.
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(requestTimeout.toMillis()));
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The topics whose names start with {@code prefix} (sorted) and their message counts (end − start offsets). */
    public SortedMap<String, Long> messageCounts(String prefix) throws IOException {
        SortedMap<String, Long> counts = new TreeMap<>();
        try {
            Map<String, List<PartitionInfo>> all = consumer.listTopics(requestTimeout);
            List<TopicPartition> partitions = new ArrayList<>();
            all.forEach((topic, infos) -> {
                if (topic.startsWith(prefix)) {
                    counts.put(topic, 0L);
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            });
            if (partitions.isEmpty()) {
                return counts;
            }
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions, requestTimeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, requestTimeout);
            for (TopicPartition tp : partitions) {
                counts.merge(tp.topic(), end.get(tp) - start.get(tp), Long::sum);
            }
            return counts;
        } catch (KafkaException e) {
            throw new IOException("kafka " + bootstrap + ": cannot list the topics under " + prefix + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Hands every record of {@code topic} to {@code sink}, from the log start up to the end offsets taken when the
     * scan starts (later records are not read); returns how many it handed over.
     *
     * @throws IOException when the topic does not exist, the cluster cannot be read, or the scan outlasts its bound
     */
    public long scan(String topic, RecordSink sink) throws IOException {
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, requestTimeout);
            if (infos == null || infos.isEmpty()) {
                throw new IOException("kafka " + bootstrap + ": topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, requestTimeout);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition tp : partitions) {
                if (consumer.position(tp, requestTimeout) < end.get(tp)) {
                    remaining.put(tp, end.get(tp));
                }
            }
            long deadline = System.nanoTime() + scanTimeout.toNanos();
            long handed = 0;
            while (!remaining.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("kafka " + bootstrap + ": reading " + topic + " did not reach the end offsets "
                            + remaining + " within " + scanTimeout.toMillis() + " ms");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        sink.accept(r.key(), r.value());
                        handed++;
                    }
                }
                remaining.entrySet().removeIf(e -> consumer.position(e.getKey(), requestTimeout) >= e.getValue());
            }
            return handed;
        } catch (KafkaException e) {
            throw new IOException("kafka " + bootstrap + ": cannot read " + topic + ": " + e.getMessage(), e);
        } finally {
            consumer.unsubscribe();
        }
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** Receives the records of a scan, in offset order per partition. */
    @FunctionalInterface
    public interface RecordSink {
        /** One record: its key (null when it has none) and its value (null for a tombstone). */
        void accept(String key, byte[] value);
    }
}
