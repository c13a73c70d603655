package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaClusterIT {
    private static KafkaCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new KafkaCluster(KafkaServer.Options.defaults("kafka2-it", TestDirs.dataDir("kafka2-it"))
                .withRunDir(TestDirs.runDir()), 2);
        cluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void movesAPartitionFromOneBrokerToTheOther() throws Exception {
        String topic = "sitewhere.sitewhere.tenant.globex.inbound-events";
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = cluster.admin()) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).extracting(Node::id)
                    .containsExactlyInAnyOrder(1, 2);
            admin.createTopics(List.of(new NewTopic(topic, Map.of(0, List.of(1))))).all().get(30, TimeUnit.SECONDS);
            Properties p = cluster.clientProperties();
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
                for (int i = 0; i < 1000; i++) {
                    producer.send(new ProducerRecord<>(topic, "d" + i, "event " + i));
                }
                producer.flush();
            }
            admin.alterPartitionReassignments(Map.of(partition, Optional.of(new NewPartitionReassignment(List.of(2)))))
                    .all().get(30, TimeUnit.SECONDS);
            // Done when the controller lists no reassignment and the brokers' metadata shows the new replica set
            // (a broker's view can trail the controller's by a moment).
            List<Integer> replicas = Readiness.await("reassignment of " + partition, Duration.ofSeconds(60), () -> {
                if (!admin.listPartitionReassignments().reassignments().get(10, TimeUnit.SECONDS).isEmpty()) {
                    return null;
                }
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                        .get(topic);
                List<Integer> ids = d.partitions().get(0).replicas().stream().map(Node::id).toList();
                return ids.equals(List.of(2)) ? ids : null;
            }, () -> null);
            assertThat(replicas).containsExactly(2);
            long end = admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                    .partitionResult(partition).get(10, TimeUnit.SECONDS).offset();
            assertThat(end).isEqualTo(1000);
        }
    }

    @Test
    void nodesHaveTheirOwnPidFilesAndRoles() {
        assertThat(cluster.nodes()).hasSize(2);
        assertThat(TestDirs.runDir().resolve("kafka2-it-1.pid")).exists();
        assertThat(TestDirs.runDir().resolve("kafka2-it-2.pid")).exists();
        assertThat(cluster.nodes().get(1).controllerPort()).isZero();
        assertThat(cluster.bootstrapServers()).contains(",");
        assertThat(cluster.residentBytes()).isGreaterThan(cluster.nodes().get(0).residentBytes());
    }
}
