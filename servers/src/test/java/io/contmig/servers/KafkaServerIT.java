package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaServerIT {
    private static KafkaServer server;

    @BeforeAll
    static void start() {
        server = new KafkaServer(KafkaServer.Options.defaults("kafka-it", TestDirs.dataDir("kafka-it"))
                .withRunDir(TestDirs.runDir()));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void producesAndConsumesWithAConsumerGroup() throws Exception {
        String topic = "sitewhere.sitewhere.tenant.acme.event-source-decoded-events";
        try (Admin admin = server.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        Properties p = server.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int seq = 1; seq <= 10; seq++) {
                producer.send(new ProducerRecord<>(topic, "device-" + (seq % 3), "{\"seq\":\"" + seq + "\"}"))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        Properties c = server.clientProperties();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "pipeline-acme");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    values.add(r.value());
                }
            }
            consumer.commitSync();
        }
        assertThat(values).hasSize(10).contains("{\"seq\":\"1\"}", "{\"seq\":\"10\"}");
        try (Admin admin = server.admin()) {
            var offsets = admin.listConsumerGroupOffsets("pipeline-acme").partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            assertThat(offsets.values().stream().mapToLong(o -> o.offset()).sum()).isEqualTo(10);
        }
    }

    @Test
    void runsWithASmallHeapAndLogsToItsDataDir() throws Exception {
        String cmdline = Posix.cmdline(server.pid());
        assertThat(cmdline).contains("-Xmx512m").contains("kafka.Kafka").contains(server.dataDir().toString());
        // Admin can see the node a moment before the server logs the end of its start-up.
        Readiness.await("'Kafka Server started' in " + server.logFile(), Duration.ofSeconds(30),
                () -> Files.readString(server.logFile()).contains("Kafka Server started") ? Boolean.TRUE : null,
                () -> null);
        assertThat(Files.readString(server.dataDir().resolve("server.properties")))
                .contains("process.roles=broker,controller", "group.initial.rebalance.delay.ms=0",
                        "listeners=PLAINTEXT://127.0.0.1:" + server.port());
        assertThat(server.residentBytes()).isGreaterThan(50L * 1024 * 1024);
        assertThat(Map.of("startup", server.startupTime())).allSatisfy((k, v) -> assertThat(v).isPositive());
    }
}
