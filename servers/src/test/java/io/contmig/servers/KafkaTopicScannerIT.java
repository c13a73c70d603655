package io.contmig.servers;

import io.contmig.servers.kafka.KafkaTopicScanner;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared topic scanner against a real broker: counts under a prefix, a whole-topic scan, a missing topic. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaTopicScannerIT {

    private static final String PREFIX = "sitewhere.sitewhere.tenant.acme.";
    private static KafkaServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new KafkaServer(KafkaServer.Options.defaults("kafka-scanner-it", TestDirs.dataDir("kafka-scanner-it"))
                .withRunDir(TestDirs.runDir()));
        server.start();
        try (Admin admin = server.admin()) {
            admin.createTopics(List.of(new NewTopic(PREFIX + "decoded", 3, (short) 1),
                    new NewTopic(PREFIX + "empty", 1, (short) 1),
                    new NewTopic("sitewhere.sitewhere.tenant.other.decoded", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Properties p = server.clientProperties();
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(PREFIX + "decoded", "d" + (i % 4), "v" + i));
            }
            producer.send(new ProducerRecord<>("sitewhere.sitewhere.tenant.other.decoded", "x", "y"));
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void countsTheTopicsUnderAPrefixAndScansOneToItsEnd() throws Exception {
        try (KafkaTopicScanner scanner = new KafkaTopicScanner(server.bootstrapServers(), Duration.ofSeconds(20),
                Duration.ofSeconds(60))) {
            assertThat(scanner.messageCounts(PREFIX)).isEqualTo(Map.of(PREFIX + "decoded", 30L, PREFIX + "empty", 0L));
            List<String> seen = new ArrayList<>();
            long handed = scanner.scan(PREFIX + "decoded",
                    (key, value) -> seen.add(key + "=" + new String(value, StandardCharsets.UTF_8)));
            assertThat(handed).isEqualTo(30);
            assertThat(seen).hasSize(30).contains("d0=v0", "d1=v29");
            assertThat(scanner.scan(PREFIX + "empty", (key, value) -> seen.add(key))).isZero();
            // The same scanner may scan again: it assigned, not subscribed.
            assertThat(scanner.scan(PREFIX + "decoded", (key, value) -> { })).isEqualTo(30);
        }
    }

    @Test
    void aMissingTopicIsAnErrorNamingClusterAndTopic() {
        try (KafkaTopicScanner scanner = new KafkaTopicScanner(server.bootstrapServers(), Duration.ofSeconds(5),
                Duration.ofSeconds(10))) {
            assertThatThrownBy(() -> scanner.scan(PREFIX + "missing", (key, value) -> { }))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(server.bootstrapServers())
                    .hasMessageContaining(PREFIX + "missing");
        }
    }
}
