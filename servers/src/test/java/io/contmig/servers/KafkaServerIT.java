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
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaServerIT {
    /** One-way delay of the proxy in front of the WAN listener. */
    private static final Duration WAN_DELAY = Duration.ofMillis(25);
    private static KafkaServer server;
    private static DelayProxy wan;

    @BeforeAll
    static void start() {
        // The proxy forwards to the extra listener's port, which the server binds a moment later.
        int wanPort = FreePorts.next();
        wan = DelayProxy.start(wanPort, WAN_DELAY);
        server = new KafkaServer(KafkaServer.Options.defaults("kafka-it", TestDirs.dataDir("kafka-it"))
                .withRunDir(TestDirs.runDir()).withExtraListener("WAN", wanPort, "127.0.0.1:" + wan.port()));
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        wan.close();
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

    @Test
    void aClientBootstrappedOnTheExtraListenerStaysOnItsProxy() throws Exception {
        String topic = "wan-listener";
        try (Admin admin = server.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        String proxied = "127.0.0.1:" + wan.port();
        String value = "x".repeat(10_000);
        int records = 20;
        long upBefore = wan.bytes(DelayProxy.Direction.CLIENT_TO_TARGET);
        long viaWan = medianProduceNanos(KafkaServer.clientProperties(proxied), topic, value, records);
        long direct = medianProduceNanos(server.clientProperties(), topic, value, records);
        System.out.printf(java.util.Locale.ROOT, "produce latency (median of %d, acks=all): WAN listener %.1f ms,"
                + " direct %.1f ms, one-way delay %d ms%n", records, viaWan / 1e6, direct / 1e6, WAN_DELAY.toMillis());
        // A bypassing producer would send only its bootstrap metadata request through the proxy.
        assertThat(wan.bytes(DelayProxy.Direction.CLIENT_TO_TARGET) - upBefore).isGreaterThan(records * 10_000L);
        assertThat(viaWan).isGreaterThanOrEqualTo(2 * WAN_DELAY.toNanos());
        assertThat(direct).isLessThan(viaWan);

        long downBefore = wan.bytes(DelayProxy.Direction.TARGET_TO_CLIENT);
        Properties c = KafkaServer.clientProperties(proxied);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "wan-reader");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        int consumed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumed < 2 * (records + 1) && System.nanoTime() < deadline) {
                consumed += consumer.poll(Duration.ofMillis(500)).count();
            }
        }
        assertThat(consumed).isEqualTo(2 * (records + 1)); // with each producer's warm-up record
        // Every fetched record crossed the proxy: the consumer's fetch connection is on the advertised address.
        assertThat(wan.bytes(DelayProxy.Direction.TARGET_TO_CLIENT) - downBefore)
                .isGreaterThan(2L * records * 10_000);
        assertThat(Files.readString(server.dataDir().resolve("server.properties")))
                .contains("WAN://127.0.0.1:" + wan.port(), "WAN:PLAINTEXT");
    }

    private static long medianProduceNanos(Properties p, String topic, String value, int records) throws Exception {
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        List<Long> nanos = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(topic, "warm-up", "")).get(30, TimeUnit.SECONDS); // metadata first
            for (int i = 0; i < records; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k" + i, value)).get(30, TimeUnit.SECONDS);
                nanos.add(System.nanoTime() - start);
            }
        }
        nanos.sort(null);
        return nanos.get(nanos.size() / 2);
    }
}
