package io.contmig.runner.stretched;

import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionValues;
import io.contmig.plan.SandboxTarget;
import io.contmig.record.Mark;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.sandbox.Sandbox;
import io.contmig.sandbox.SandboxSettings;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.Store;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement, not part of {@code mvn verify}: {@code kafka/partition-reassignment} on the sandbox's stretched Kafka
 * (one cluster, a broker per site, replication through the default WAN of 20 ms each way): a tenant's ~16 MiB moved
 * cloud → edge unthrottled, then edge → cloud throttled at 2 MB/s, in one run; prints both reassign-phase durations
 * and their ratio, and checks that the leaders did move site. Run with
 * {@code mvn -B -ntp -pl runner -am verify -Pbench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=StretchedReassignmentBench -Dfailsafe.failIfNoSpecifiedTests=false -Dinvoker.skip=true}.
 */
class StretchedReassignmentBench {

    private static final Path DIR = Path.of("target", "stretched-reassignment-bench").toAbsolutePath();

    @Test
    void reassignmentBetweenSitesThrottledVersusNot() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxSettings.defaults(DIR.resolve("sandbox")).withRest(false)
                .withDurable(false).withKafka(SandboxTarget.KAFKA_STRETCHED))) {
            String tenant = "acme";
            sandbox.createTenant(tenant, "cloud");
            SiteWhereNames names = new SiteWhereNames(tenant);
            String cloud = sandbox.siteEndpoints("cloud").kafkaBootstrap();
            // A topic no pipeline stage reads: the bytes to move, without load on the stage.
            fill(cloud, names.unregisteredDeviceEventsTopic(), 16_000, 1024);
            assertThat(leaders(cloud, names)).as("the tenant starts on the cloud broker").containsOnly(1);

            Path runDir = Files.createDirectories(DIR.resolve("run"));
            double fastMs;
            double slowMs;
            InjectionOutcome there;
            InjectionOutcome back;
            try (TimelineWriter timeline = new TimelineWriter(runDir.resolve("timeline.jsonl"), RunClock.startingNow())) {
                InjectionRunner runner = new InjectionRunner(sandbox.routing(), timeline, runDir);
                there = runner.run(new InjectionSpec("to-edge", "kafka/partition-reassignment", tenant, "cloud", "edge"),
                        options(Map.of()));
                assertThat(there.finished()).as(there.failureReason().orElse("")).isTrue();
                assertThat(leaders(cloud, names)).as("every leader at the edge broker").containsOnly(2);
                assertThat(sandbox.routing().siteOf(tenant, Store.KAFKA)).isEqualTo("edge");
                back = runner.run(new InjectionSpec("to-cloud-throttled", "kafka/partition-reassignment", tenant,
                        "edge", "cloud"), options(Map.of("throttleBytesPerSecond", "2000000")));
                assertThat(back.finished()).as(back.failureReason().orElse("")).isTrue();
                fastMs = phaseMillis(timeline.marks(), "to-edge", "reassign");
                slowMs = phaseMillis(timeline.marks(), "to-cloud-throttled", "reassign");
            }
            System.out.printf(Locale.ROOT, "MEASURE stretched Kafka, WAN 20 ms each way, ~16 MiB of tenant %s: "
                            + "reassignment cloud->edge unthrottled %.0f ms (%s partitions), edge->cloud throttled at "
                            + "2 MB/s %.0f ms; throttled / unthrottled %.2f; lost %d / %d%n", tenant, fastMs,
                    there.verification().orElseThrow().details().get("partitionsMoved"), slowMs, slowMs / fastMs,
                    there.verification().orElseThrow().lost(), back.verification().orElseThrow().lost());
        }
    }

    private static OptionValues options(Map<String, ?> raw) {
        InjectorFactory factory = InjectorFactories.installed().require("kafka/partition-reassignment");
        List<String> problems = new ArrayList<>();
        OptionValues values = OptionValues.validate("options", raw, factory.options(), problems);
        assertThat(problems).isEmpty();
        return values;
    }

    private static List<Integer> leaders(String bootstrap, SiteWhereNames names) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return admin.describeTopics(names.topics()).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .flatMap(td -> td.partitions().stream()).map(p -> p.leader().id()).distinct().toList();
        }
    }

    private static void fill(String bootstrap, String topic, int messages, int bytes) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, new byte[bytes]));
            }
            producer.flush();
        }
    }

    private static double phaseMillis(List<Mark> marks, String injection, String phase) {
        List<Mark> mine = marks.stream().filter(m -> injection.equals(m.attribute("injection"))).toList();
        for (int i = 0; i + 1 < mine.size(); i++) {
            if (phase.equals(mine.get(i).attribute("phase"))) {
                return mine.get(i + 1).tMs() - mine.get(i).tMs();
            }
        }
        throw new AssertionError("no phase " + phase + " of " + injection + " in " + mine);
    }
}
