package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorConformance;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.EventPoints;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.testkit.TwoSites;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code influxdb/kafka-replay} on two sites of real Kafka and {@code influxd} servers: the conformance properties,
 * a move under a running pipeline (events produced to {@code inbound-events}, then persisted through the routing, as
 * the platform does) that loses nothing, and the refusal at prepare when retention has deleted the oldest events.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class InfluxReplayConformanceIT extends InjectorConformance {

    @RegisterExtension
    static final TwoSites SITES = TwoSites.of("influx-replay", TwoSites.Server.INFLUXDB, TwoSites.Server.KAFKA);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected List<Subject> subjects() {
        return List.of(new Subject("influxdb/kafka-replay", "ifkr", Store.INFLUXDB, Map.of("maxWriteBlock", "30s")) {
            @Override
            protected TenantRouting createTenant(String tenant, boolean withData) throws Exception {
                SimpleTenantRouting routing = routing(tenant);
                if (withData) {
                    try (Pipeline pipeline = new Pipeline(routing, tenant)) {
                        pipeline.persist(20);
                    }
                }
                return routing;
            }

            @Override
            protected String sourceState(String tenant) throws Exception {
                return api("cloud").query(InfluxLoadWriter.database(tenant), "SELECT * FROM \"events\"").toString();
            }

            @Override
            protected String artifacts(String tenant) throws Exception {
                return "target database: " + api("edge").databaseExists(InfluxLoadWriter.database(tenant));
            }
        });
    }

    @Test
    void movesATenantUnderARunningPipelineWithoutLoss() throws Exception {
        String tenant = "replaylive";
        SimpleTenantRouting routing = routing(tenant);
        try (Pipeline pipeline = new Pipeline(routing, tenant)) {
            pipeline.persist(3000);
            pipeline.start(200);
            InjectionOutcome outcome = run(routing, tenant);
            pipeline.stop();
            assertThat(outcome.finished()).as(outcome.failureReason().orElse("")).isTrue();
            assertThat(routing.siteOf(tenant, Store.INFLUXDB)).isEqualTo("edge");
            var v = outcome.verification().orElseThrow();
            assertThat(v.lost()).as(v.mismatches().toString()).isZero();
            assertThat(v.checked()).isGreaterThanOrEqualTo(3000);
            assertThat(v.details()).containsKey("writeBlockMs");
            // Every event persisted after the switch reached the target too.
            assertThat(api("edge").count(InfluxLoadWriter.database(tenant), "SELECT count(\"eid\") FROM \"events\""))
                    .isEqualTo(pipeline.persisted());
        }
    }

    @Test
    void refusesAtPrepareWhenRetentionDeletedTheOldestEvents() throws Exception {
        String tenant = "replaytrunc";
        SimpleTenantRouting routing = routing(tenant);
        try (Pipeline pipeline = new Pipeline(routing, tenant)) {
            pipeline.persist(50);
        }
        try (Admin admin = SITES.kafka("cloud").admin()) {
            admin.deleteRecords(Map.of(new TopicPartition(topic(tenant), 0), RecordsToDelete.beforeOffset(10)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        InjectionOutcome outcome = run(routing, tenant);
        assertThat(outcome.finished()).isFalse();
        assertThat(outcome.failureReason().orElse("")).contains("no longer reaches back", "partition 0 starts at offset 10",
                "oldest retained event at");
        assertThat(routing.siteOf(tenant, Store.INFLUXDB)).isEqualTo("cloud");
        assertThat(api("edge").databaseExists(InfluxLoadWriter.database(tenant))).isFalse();
    }

    private InjectionOutcome run(SimpleTenantRouting routing, String tenant) throws Exception {
        InjectorFactory factory = InjectorFactories.installed().require("influxdb/kafka-replay");
        List<String> problems = new ArrayList<>();
        OptionValues options = OptionValues.validate("options", Map.of(), factory.options(), problems);
        assertThat(problems).isEmpty();
        Path dir = Files.createDirectories(runDir(tenant));
        try (TimelineWriter timeline = new TimelineWriter(dir.resolve("timeline.jsonl"), RunClock.startingNow())) {
            return new InjectionRunner(routing, timeline, dir)
                    .run(new InjectionSpec("replay-" + tenant, "influxdb/kafka-replay", tenant, "cloud", "edge"), options);
        }
    }

    private static SimpleTenantRouting routing(String tenant) throws Exception {
        SimpleTenantRouting routing = new SimpleTenantRouting(SITES.endpoints()).addTenant(tenant, "cloud")
                .addTenant(NEIGHBOUR, "cloud");
        String db = InfluxLoadWriter.database(tenant);
        for (String site : TwoSites.SITES) {
            api(site).dropDatabase(db);
        }
        api("cloud").createDatabase(db);
        try (Admin admin = SITES.kafka("cloud").admin()) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic(tenant))) {
                admin.createTopics(List.of(new NewTopic(topic(tenant), 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
        return routing;
    }

    private static String topic(String tenant) {
        return SiteWhereNames.of(tenant).inboundEventsTopic();
    }

    private static InfluxClient api(String site) {
        return new InfluxClient(SITES.influx(site).url(), Duration.ofSeconds(10));
    }

    /**
     * The platform's path of a device event in miniature: produced to {@code inbound-events} (acknowledged), then
     * persisted as its point through the routing's write permit, on the site serving the tenant's InfluxDB.
     */
    private static final class Pipeline implements AutoCloseable {
        private final SimpleTenantRouting routing;
        private final String tenant;
        private final KafkaProducer<String, byte[]> producer;
        private final AtomicLong seq = new AtomicLong();
        private final AtomicLong persisted = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean();
        private Thread thread;

        Pipeline(SimpleTenantRouting routing, String tenant) {
            this.routing = routing;
            this.tenant = tenant;
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SITES.kafka("cloud").bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }

        /** Produces and persists {@code n} events, 10 devices, in batches of up to 500. */
        void persist(int n) throws Exception {
            for (int done = 0; done < n; ) {
                int k = Math.min(500, n - done);
                List<String> points = new ArrayList<>(k);
                List<Future<?>> acks = new ArrayList<>(k);
                List<ProducerRecord<String, byte[]>> records = new ArrayList<>(k);
                for (int i = 0; i < k; i++) {
                    long s = seq.incrementAndGet();
                    String device = new UUID(0, s % 10).toString();
                    long millis = System.currentTimeMillis() - 3_600_000 + s;
                    ObjectNode event = JSON.createObjectNode().put("id", UUID.randomUUID().toString())
                            .put("eventType", "Measurement").put("deviceId", device)
                            .put("deviceAssignmentId", new UUID(1, s % 10).toString()).put("name", "temp")
                            .put("value", 20 + s % 7).put("eventDate", millis).put("receivedDate", millis);
                    event.putObject("metadata").put("seq", Long.toString(s));
                    ObjectNode inbound = JSON.createObjectNode();
                    inbound.putObject("context").put("tenant", tenant);
                    inbound.set("event", event);
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(tenant), device,
                            JSON.writeValueAsBytes(inbound));
                    records.add(record);
                    acks.add(producer.send(record));
                    EventPoints.addPrecision(event);
                    points.add(EventPoints.point(event));
                }
                awaitAcks(acks, records);
                try (var permit = routing.beginWrite(tenant, Store.INFLUXDB)) {
                    api(permit.site()).write(InfluxLoadWriter.database(tenant), points, "ns");
                }
                persisted.addAndGet(k);
                done += k;
            }
        }

        /**
         * Waits for every record's acknowledgement — an event is persisted only once it is in the log, as the platform's
         * inbound processing does. A send the producer gave up on is sent again once (the platform's at-least-once
         * retry; a duplicate in the log replays to the same point), and a second failure fails the test with the
         * broker's last warnings, so a stalled broker is told apart from a wrong migration.
         */
        private void awaitAcks(List<Future<?>> acks, List<ProducerRecord<String, byte[]>> records) throws Exception {
            for (int i = 0; i < acks.size(); i++) {
                try {
                    acks.get(i).get();
                } catch (ExecutionException first) {
                    try {
                        producer.send(records.get(i)).get();
                    } catch (ExecutionException second) {
                        throw new AssertionError("the cloud Kafka did not acknowledge a resent event (first: "
                                + first.getCause() + "); its log's last warnings:\n" + brokerWarnings(), second);
                    }
                }
            }
        }

        private static String brokerWarnings() throws java.io.IOException {
            List<String> warnings = Files.readAllLines(SITES.kafka("cloud").logFile()).stream()
                    .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
            return String.join("\n", warnings.subList(Math.max(0, warnings.size() - 30), warnings.size()));
        }

        /** Persists about {@code perSecond} events/s on a background thread until {@link #stop}. */
        void start(int perSecond) {
            running.set(true);
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        persist(perSecond / 10);
                        Thread.sleep(100); // pacing of the background pipeline
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "replay-pipeline-" + tenant);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (thread != null) {
                thread.join(30_000);
            }
        }

        long persisted() {
            return persisted.get();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            producer.close(Duration.ofSeconds(5));
        }
    }
}
