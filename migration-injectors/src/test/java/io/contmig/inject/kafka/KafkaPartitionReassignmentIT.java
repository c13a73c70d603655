package io.contmig.inject.kafka;

import io.contmig.inject.VerificationFacts;
import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.servers.KafkaCluster;
import io.contmig.servers.KafkaServer;
import io.contmig.target.SiteEndpoints;
import io.contmig.testkit.TwoSites;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kafka/partition-reassignment} on a real two-broker Kafka cluster under a concurrent producer: the tenant's
 * partitions move from broker 1 to broker 2 unthrottled, then back with a replication throttle, which must take
 * measurably longer; no acknowledged message may be lost and the throttles must be gone afterwards.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KafkaPartitionReassignmentIT {

    private static final Path DIR = Path.of("target", "kafka-reassign-it").toAbsolutePath();
    private static KafkaCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        TwoSites.deleteTree(DIR);
        // Like the sandbox's stretched Kafka: each broker names its site in broker.rack.
        cluster = new KafkaCluster(KafkaServer.Options.defaults("kafka-reassign-it", DIR.resolve("cluster")), 2,
                (id, o) -> o.withSetting("broker.rack", id == 1 ? "cloud" : "edge"));
        cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static OptionValues options(Map<String, ?> raw) {
        InjectorFactory factory = InjectorFactories.installed().require("kafka/partition-reassignment");
        List<String> problems = new ArrayList<>();
        OptionValues values = OptionValues.validate("options", raw, factory.options(), problems);
        assertThat(problems).isEmpty();
        return values;
    }

    @Test
    void movesPartitionsBetweenBrokersUnderLoadAndTheThrottleSlowsTheMove() throws Exception {
        String tenant = "acme";
        TenantTopics topics = new TenantTopics(tenant, 10_000);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(
                    new NewTopic(topics.decodedEvents(), Map.of(0, List.of(1), 1, List.of(1), 2, List.of(1))),
                    new NewTopic(topics.prefix() + "inbound-events", Map.of(0, List.of(1), 1, List.of(1)))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        fill(topics.prefix() + "inbound-events", 16_000, 1024); // ~16 MiB to move
        SiteEndpoints e = new SiteEndpoints("cloud", "jdbc:postgresql://127.0.0.1:1/postgres", "-", "-",
                cluster.bootstrapServers(), "http://127.0.0.1:1", "tcp://127.0.0.1:1");
        SimpleTenantRouting routing = new SimpleTenantRouting(Map.of("cloud", e,
                "edge", new SiteEndpoints("edge", e.postgresJdbcUrl(), "-", "-", e.kafkaBootstrap(), e.influxUrl(),
                        e.mqttUrl()))).addTenant(tenant, "cloud");
        KafkaLoadWriter writer = new KafkaLoadWriter(routing, tenant, 10, 300);
        InjectionOutcome unthrottled;
        InjectionOutcome throttled;
        double fastMs;
        double slowMs;
        try (TimelineWriter timeline = new TimelineWriter(Files.createDirectories(DIR).resolve("timeline.jsonl"),
                RunClock.startingNow())) {
            writer.preload(2_000);
            writer.start();
            InjectionRunner runner = new InjectionRunner(routing, timeline, Files.createDirectories(DIR.resolve("run")));
            unthrottled = runner.run(new InjectionSpec("to-broker-2", "kafka/partition-reassignment", tenant, "cloud",
                    "edge"), options(Map.of("toBroker", "2")));
            throttled = runner.run(new InjectionSpec("back-to-broker-1", "kafka/partition-reassignment", tenant,
                    "edge", "cloud"), options(Map.of("toBroker", "1", "throttleBytesPerSecond", "2000000")));
            writer.close();
            fastMs = phaseMillis(timeline, "to-broker-2", "reassign");
            slowMs = phaseMillis(timeline, "back-to-broker-1", "reassign");
        }
        for (InjectionOutcome o : List.of(unthrottled, throttled)) {
            assertThat(o.finished()).as(o.failureReason().orElse("")).isTrue();
            var v = o.verification().orElseThrow();
            VerificationFacts.assertNothingFound(v);
            assertThat(v.lost()).isZero();
        }
        assertThat(writer.failed()).isZero();
        var after = new KafkaTopicsVerifier(topics).read(cluster.bootstrapServers());
        Set<String> missing = new HashSet<>(writer.acked());
        missing.removeAll(after.pairs.keySet());
        assertThat(missing).as("acknowledged messages missing after the moves").isEmpty();
        // 16 MiB at 2 MB/s cannot move in less than ~8 s (6 s allows for the throttle's burst): the throttle's own
        // floor, whatever the machine's load.
        assertThat(slowMs).isGreaterThan(6_000);
        // Unthrottled it is faster; the comparison only tells something where the unthrottled move was not itself
        // slowed to the throttle's pace by a starved CPU (a load average of 45 made it take as long as the throttled one).
        if (fastMs < 4_000) {
            assertThat(slowMs).isGreaterThan(1.5 * fastMs);
        }
        try (Admin admin = cluster.admin()) {
            var configs = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1"),
                    new ConfigResource(ConfigResource.Type.TOPIC, topics.prefix() + "inbound-events")))
                    .all().get(30, TimeUnit.SECONDS);
            configs.values().forEach(c -> c.entries().forEach(entry -> {
                if (entry.name().contains("throttled")) {
                    assertThat(entry.source()).as(entry.name() + " left set").isNotIn(
                            org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG,
                            org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
                }
            }));
            var placement = admin.describeTopics(List.of(topics.decodedEvents())).allTopicNames().get(30, TimeUnit.SECONDS);
            placement.values().forEach(td -> td.partitions().forEach(p -> assertThat(p.replicas().get(0).id()).isEqualTo(1)));
        }
        System.out.printf(Locale.ROOT, "MEASURE reassignment of ~16 MiB under 300 msg/s: unthrottled %.0f ms, "
                + "throttled at 2 MB/s %.0f ms (reassign phase)%n", fastMs, slowMs);
    }

    @Test
    void onAClusterWithABrokerPerSiteTheTargetIsTheToSitesBrokerAndTheRoutingFollows() throws Exception {
        String tenant = "racked";
        TenantTopics topics = decodedEventsOnBroker1(tenant);
        fill(topics.decodedEvents(), 200, 100);
        SimpleTenantRouting routing = oneClusterForBothSites(tenant);
        Path runDir = Files.createDirectories(DIR.resolve("run-racked"));
        InjectionOutcome outcome;
        try (TimelineWriter timeline = new TimelineWriter(runDir.resolve("timeline.jsonl"), RunClock.startingNow())) {
            outcome = new InjectionRunner(routing, timeline, runDir).run(new InjectionSpec("to-edge",
                    "kafka/partition-reassignment", tenant, "cloud", "edge"), options(Map.of()));
        }
        assertThat(outcome.finished()).as(outcome.failureReason().orElse("")).isTrue();
        // The filler messages are not SiteWhere events: the placement and the message counts are what is compared.
        var v = outcome.verification().orElseThrow();
        assertThat(v.lost()).isZero();
        assertThat(v.mismatches()).isEmpty();
        assertThat(v.details()).containsEntry("toBroker", 2).containsEntry("partitionsMoved", 2)
                .containsEntry("partitionsMisplaced", 0L);
        assertThat(routing.siteOf(tenant, io.contmig.target.Store.KAFKA)).isEqualTo("edge");
    }

    @Test
    void aMoveThatWouldMoveNothingIsRefusedAtPrepareWithTheReason() throws Exception {
        String tenant = "still";
        decodedEventsOnBroker1(tenant);
        SimpleTenantRouting routing = oneClusterForBothSites(tenant);
        Path runDir = Files.createDirectories(DIR.resolve("run-still"));
        InjectionOutcome outcome;
        try (TimelineWriter timeline = new TimelineWriter(runDir.resolve("timeline.jsonl"), RunClock.startingNow())) {
            outcome = new InjectionRunner(routing, timeline, runDir).run(new InjectionSpec("stay-on-1",
                    "kafka/partition-reassignment", tenant, "cloud", "edge"), options(Map.of("toBroker", "1")));
            assertThat(timeline.marks().stream().map(m -> m.attribute("phase"))).as("no phase started")
                    .containsOnlyNulls();
        }
        assertThat(outcome.finished()).isFalse();
        assertThat(outcome.failureReason().orElseThrow()).contains("nothing to move", "already has its replicas on "
                + "broker 1", "sandbox: { kafka: stretched }");
        assertThat(outcome.verification().orElseThrow().checked()).as("never a PASS").isZero();
    }

    @Test
    void throttlesLeftByAKilledRunnerAreRemovedFromTheJournalsRecords() throws Exception {
        TenantTopics topics = decodedEventsOnBroker1("orphan");
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "2");
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, topics.decodedEvents());
        try (Admin admin = cluster.admin()) {
            admin.incrementalAlterConfigs(Map.of(
                    broker, List.of(set("leader.replication.throttled.rate", "1000"),
                            set("follower.replication.throttled.rate", "1000")),
                    topic, List.of(set("leader.replication.throttled.replicas", "0:1"),
                            set("follower.replication.throttled.replicas", "0:2"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        assertThat(throttlesSet(broker, topic)).hasSize(4);
        // The records a runner killed mid-move leaves: written by a JVM that is gone.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path file = Files.createDirectories(DIR.resolve("journal")).resolve("journal.jsonl");
        Files.deleteIfExists(file);
        for (String name : List.of("broker:2", "topic:" + topics.decodedEvents())) {
            Files.writeString(file, "{\"op\":\"intend\",\"id\":\"" + name + "\",\"kind\":\"kafka.throttle\",\"where\":\""
                    + cluster.bootstrapServers() + "\",\"name\":\"" + name + "\",\"owner\":\"killed run\",\"ownerPid\":"
                    + gone.pid() + ",\"at\":\"2026-01-01T00:00:00Z\"}\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        io.contmig.servers.SideEffectJournal journal = new io.contmig.servers.SideEffectJournal(file);
        assertThat(journal.outstanding()).allMatch(io.contmig.servers.SideEffectJournal.Entry::orphaned).hasSize(2);

        for (var entry : journal.outstanding()) {
            KafkaPartitionReassignment.removeOrphanedThrottle(journal, entry, java.time.Duration.ofSeconds(30));
        }
        assertThat(throttlesSet(broker, topic)).isEmpty();
        assertThat(journal.outstanding()).isEmpty();
    }

    private static org.apache.kafka.clients.admin.AlterConfigOp set(String key, String value) {
        return new org.apache.kafka.clients.admin.AlterConfigOp(new org.apache.kafka.clients.admin.ConfigEntry(key, value),
                org.apache.kafka.clients.admin.AlterConfigOp.OpType.SET);
    }

    /** The throttle settings set dynamically on {@code resources}. */
    private static List<String> throttlesSet(ConfigResource... resources) throws Exception {
        try (Admin admin = cluster.admin()) {
            List<String> set = new ArrayList<>();
            admin.describeConfigs(List.of(resources)).all().get(30, TimeUnit.SECONDS).values().forEach(c ->
                    c.entries().forEach(e -> {
                        if (e.name().contains("throttled") && (e.source()
                                == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG
                                || e.source() == org.apache.kafka.clients.admin.ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG)) {
                            set.add(e.name());
                        }
                    }));
            return set;
        }
    }

    /** Creates {@code tenant}'s decoded-events topic, both partitions on broker 1 (the cloud's). */
    private static TenantTopics decodedEventsOnBroker1(String tenant) throws Exception {
        TenantTopics topics = new TenantTopics(tenant, 10_000);
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(topics.decodedEvents(), Map.of(0, List.of(1), 1, List.of(1)))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        return topics;
    }

    /** A routing whose two sites' Kafka is the test's one cluster, with {@code tenant} at cloud. */
    private static SimpleTenantRouting oneClusterForBothSites(String tenant) {
        SiteEndpoints e = new SiteEndpoints("cloud", "jdbc:postgresql://127.0.0.1:1/postgres", "-", "-",
                cluster.bootstrapServers(), "http://127.0.0.1:1", "tcp://127.0.0.1:1");
        return new SimpleTenantRouting(Map.of("cloud", e, "edge", new SiteEndpoints("edge",
                e.postgresJdbcUrl(), "-", "-", e.kafkaBootstrap(), e.influxUrl(), e.mqttUrl()))).addTenant(tenant, "cloud");
    }

    /** How long {@code phase} of {@code injection} lasted: from its mark to the injection's next mark. */
    static double phaseMillis(TimelineWriter timeline, String injection, String phase) {
        var marks = timeline.marks().stream().filter(m -> injection.equals(m.attribute("injection"))).toList();
        for (int i = 0; i + 1 < marks.size(); i++) {
            if (phase.equals(marks.get(i).attribute("phase"))) {
                return marks.get(i + 1).tMs() - marks.get(i).tMs();
            }
        }
        throw new AssertionError("no phase " + phase + " of " + injection + " in " + marks);
    }

    private static void fill(String topic, int messages, int bytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        String pad = "x".repeat(bytes);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, "bulk-" + (i % 50), pad));
            }
            producer.flush();
        }
    }
}
