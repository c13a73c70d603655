package io.contmig.sandbox.pipeline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the pipeline's Kafka clients with the settings every stage shares: producers {@code acks=all},
 * idempotent, no linger beyond 1 ms (latency is measured end to end); consumers with manual commits, reading from
 * the earliest offset when their group has none. Stateless; the returned clients belong to the caller.
 */
public final class KafkaClients {

    /** Partitions of each tenant topic. SiteWhere's default is 8; 4 keeps two sites on 2 cores responsive. */
    public static final int PARTITIONS = 4;

    private KafkaClients() {
    }

    /** An idempotent {@code acks=all} producer of string keys and byte values. */
    public static KafkaProducer<String, byte[]> producer(String bootstrap, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    /** A consumer in {@code group} with manual commits, starting at the earliest offset when the group has none. */
    public static KafkaConsumer<String, byte[]> consumer(String bootstrap, String group, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    /** Creates those of {@code topics} that do not exist yet on {@code bootstrap} (replication factor 1). */
    public static void ensureTopics(String bootstrap, List<String> topics) {
        ensureTopics(bootstrap, topics, -1);
    }

    /**
     * Creates those of {@code topics} that do not exist yet on {@code bootstrap}, replication factor 1, every
     * partition on broker {@code broker} (on a cluster with a broker per site: the tenant's site); -1 lets the
     * cluster place them.
     */
    public static void ensureTopics(String bootstrap, List<String> topics, int broker) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : topics) {
                if (!existing.contains(topic)) {
                    if (broker < 0) {
                        missing.add(new NewTopic(topic, PARTITIONS, (short) 1));
                    } else {
                        java.util.Map<Integer, List<Integer>> onBroker = new java.util.HashMap<>();
                        for (int p = 0; p < PARTITIONS; p++) {
                            onBroker.put(p, List.of(broker));
                        }
                        missing.add(new NewTopic(topic, onBroker));
                    }
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("kafka " + bootstrap + ": interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("kafka " + bootstrap + ": cannot create topics " + topics + ": "
                    + e.getMessage(), e);
        }
    }
}
