package io.contmig.inject.kafka;

import io.contmig.inject.VerificationFacts;
import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.inject.RecordingContext;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.MarkKind;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.target.Store;
import io.contmig.testkit.Await;
import io.contmig.testkit.TwoSites;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kafka/mirrormaker2} between two real single-node Kafka clusters ("cloud", "edge") with MirrorMaker 2 in a
 * child JVM, under a concurrent producer and a consumer group that follows the switch; one cluster pair and one
 * MirrorMaker at a time for the class, one tenant per test.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaMirrorMaker2IT {

    @RegisterExtension
    static final TwoSites SITES = TwoSites.of("kafka-mm2-it", TwoSites.Server.KAFKA);
    private static final Path DIR = SITES.dir();

    private static ConsumerPausingRouting routing(String tenant) throws Exception {
        try (Admin admin = SITES.kafka("cloud").admin()) {
            TenantTopics t = new TenantTopics(tenant, 10_000);
            admin.createTopics(List.of(new NewTopic(t.decodedEvents(), 4, (short) 1),
                    new NewTopic(t.prefix() + "inbound-events", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return new ConsumerPausingRouting(new SimpleTenantRouting(SITES.endpoints()).addTenant(tenant, "cloud"));
    }

    private static InjectionSpec spec(String tenant) {
        return new InjectionSpec("move-" + tenant, "kafka/mirrormaker2", tenant, "cloud", "edge");
    }

    private static Injector create(String tenant, Map<String, ?> options) {
        InjectorFactory factory = InjectorFactories.installed().require("kafka/mirrormaker2");
        List<String> problems = new ArrayList<>();
        OptionValues values = OptionValues.validate("options", options, factory.options(), problems);
        assertThat(problems).isEmpty();
        return factory.create(spec(tenant), values);
    }

    private static TimelineWriter timeline(String name) throws Exception {
        Files.createDirectories(DIR);
        return new TimelineWriter(DIR.resolve("timeline-" + name + ".jsonl"), RunClock.startingNow());
    }

    @Test
    @Order(1)
    void mirrorsTheTenantAndMovesProducersAndConsumerGroupWithoutLoss() throws Exception {
        String tenant = "acme";
        ConsumerPausingRouting routing = routing(tenant);
        KafkaLoadWriter writer = new KafkaLoadWriter(routing.simple(), tenant, 20, 500);
        TenantConsumer consumer = new TenantConsumer(routing, tenant, "sitewhere-sitewhere-acme-inbound-processing-decoded");
        routing.register(consumer);
        Injector injector = create(tenant, Map.of("lagThreshold", "200", "mirrorTimeout", "90s"));
        InjectionOutcome outcome;
        long t0;
        long elapsed;
        try (TimelineWriter timeline = timeline(tenant)) {
            writer.preload(5_000);
            consumer.start();
            writer.start();
            await("consumer reading", () -> consumer.records() >= 5_000);
            t0 = System.nanoTime();
            outcome = new InjectionRunner(routing, timeline, Files.createDirectories(DIR.resolve("run-" + tenant)))
                    .run(spec(tenant), injector);
            elapsed = System.nanoTime() - t0;
            int after = writer.acked().size() + 500;
            await("writes on the target", () -> writer.acked().size() >= after);
            writer.close();
            Set<String> acked = writer.acked();
            await("consumer caught up with every acknowledged write", () -> consumer.seen().keySet().containsAll(acked));
            consumer.close();
            assertThat(timeline.marks().stream().filter(m -> m.is(MarkKind.INJECTION_PHASE)).map(m -> m.attribute("phase")))
                    .containsExactly("mirror", "cutover", "cleanup");
        }
        assertThat(outcome.finished()).as(outcome.failureReason().orElse("")).isTrue();
        assertThat(routing.siteOf(tenant, Store.KAFKA)).isEqualTo("edge");
        assertThat(((KafkaMirrorMaker2Migration) injector).mirrorMakerRunning()).isFalse();
        var v = outcome.verification().orElseThrow();
        VerificationFacts.assertNothingFound(v);
        assertThat(v.lost()).isZero();
        assertThat(v.checked()).isGreaterThanOrEqualTo(5_000);
        assertThat(writer.failed()).isZero();
        Set<String> unseen = new HashSet<>(writer.acked());
        unseen.removeAll(consumer.seen().keySet());
        assertThat(unseen).as("acknowledged but never consumed").isEmpty();
        assertThat(v.details()).containsEntry("offsetTranslation", "derived").containsKey("writeBlockMs");
        System.out.printf(Locale.ROOT, "mm2 move under 500 msg/s: %d ms start→finished, write block %d ms, "
                        + "topic duplicates %d, consumer duplicates after the switch %d of %d records%n",
                elapsed / 1_000_000, routing.simple().longestBlock(tenant, Store.KAFKA).toMillis(), v.duplicated(),
                consumer.duplicates(), consumer.records());
    }

    /**
     * A target group offset ahead of what identity replication allows (as a compacted topic or a non-empty target
     * would give) makes the derived and MM2's translations disagree: the cutover is refused before anything is
     * switched, the source stays authoritative and the block is released.
     */
    @Test
    @Order(2)
    void aCheckpointAheadOfTheDerivedOffsetRefusesTheCutoverAndTheSourceStaysAuthoritative() throws Exception {
        String tenant = "gamma";
        ConsumerPausingRouting routing = routing(tenant);
        TenantTopics topics = new TenantTopics(tenant, 10_000);
        KafkaLoadWriter writer = new KafkaLoadWriter(routing.simple(), tenant, 10, 200);
        writer.preload(1_000);
        String group = "sitewhere-sitewhere-gamma-inbound-processing-decoded";
        org.apache.kafka.common.TopicPartition p0 = new org.apache.kafka.common.TopicPartition(topics.decodedEvents(), 0);
        try (Admin cloud = SITES.kafka("cloud").admin(); Admin edge = SITES.kafka("edge").admin()) {
            long end = topics.endOffsets(cloud, List.of(p0)).get(p0);
            cloud.alterConsumerGroupOffsets(group, Map.of(p0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)))
                    .all().get(30, TimeUnit.SECONDS);
            edge.createTopics(List.of(new NewTopic(topics.decodedEvents(), 4, (short) 1),
                    new NewTopic(topics.prefix() + "inbound-events", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            edge.alterConsumerGroupOffsets(group, Map.of(p0, new org.apache.kafka.clients.consumer.OffsetAndMetadata(
                    1_000_000))).all().get(30, TimeUnit.SECONDS);
        }
        Injector injector = create(tenant, Map.of("lagThreshold", "0", "mirrorTimeout", "90s"));
        Path runDir = Files.createDirectories(DIR.resolve("run-" + tenant));
        InjectionOutcome outcome;
        try (TimelineWriter timeline = timeline(tenant)) {
            outcome = new InjectionRunner(routing, timeline, runDir).run(spec(tenant), injector);
        }
        assertThat(outcome.finished()).isFalse();
        assertThat(outcome.failureReason().orElseThrow()).contains("refused, the source stays authoritative",
                group + " " + p0 + ": MirrorMaker 2 translated to 1000000");
        assertThat(outcome.healed()).isTrue();
        assertThat(routing.siteOf(tenant, Store.KAFKA)).isEqualTo("cloud");
        assertThat(routing.simple().longestBlock(tenant, Store.KAFKA)).as("the block was taken").isPositive();
        try (var write = routing.simple().beginWrite(tenant, Store.KAFKA)) {
            assertThat(write.site()).as("the block is released, writes go to the source").isEqualTo("cloud");
        }
        assertThat(Files.readString(runDir.resolve("verification/move-gamma.json"))).contains("\"writeBlockMs\"");
        writer.close();
    }

    @Test
    @Order(3)
    void killingTheTargetMidMirrorFailsCleanlyAndHealRemovesThePartialTopics() throws Exception {
        String tenant = "beta";
        ConsumerPausingRouting routing = routing(tenant);
        KafkaLoadWriter writer = new KafkaLoadWriter(routing.simple(), tenant, 10, 200);
        Injector injector = create(tenant, Map.of("lagThreshold", "0", "mirrorTimeout", "60s", "adminTimeout", "3s"));
        TenantTopics topics = new TenantTopics(tenant, 5_000);
        InjectionOutcome outcome;
        Path runDir = Files.createDirectories(DIR.resolve("run-" + tenant));
        try (TimelineWriter timeline = timeline(tenant)) {
            timeline.addListener(mark -> {
                if (mark.is(MarkKind.INJECTION_PHASE) && "mirror".equals(mark.attribute("phase"))) {
                    Thread killer = new Thread(() -> {
                        try (Admin admin = SITES.kafka("edge").admin()) {
                            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                            while (System.nanoTime() < deadline) {
                                try {
                                    if (!topics.list(admin).isEmpty()) {
                                        break;
                                    }
                                } catch (Exception e) {
                                    // not yet
                                }
                                Thread.sleep(50); // polls the target's real topic list
                            }
                            SITES.kafka("edge").running().kill();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }, "kill-target");
                    killer.setDaemon(true);
                    killer.start();
                }
            });
            writer.preload(20_000);
            writer.start();
            outcome = new InjectionRunner(routing, timeline, runDir).run(spec(tenant), injector);
            writer.close();

            assertThat(outcome.finished()).isFalse();
            assertThat(outcome.healed()).as("heal cannot delete topics on a dead target").isFalse();
            assertThat(routing.siteOf(tenant, Store.KAFKA)).isEqualTo("cloud");
            assertThat(((KafkaMirrorMaker2Migration) injector).mirrorMakerRunning()).isFalse();
            var source = new KafkaTopicsVerifier(topics).read(SITES.kafka("cloud").bootstrapServers());
            Set<String> missing = new HashSet<>(writer.acked());
            missing.removeAll(source.pairs.keySet());
            assertThat(missing).as("the source keeps every acknowledged message").isEmpty();

            // The target comes back; heal again (idempotent) removes what MM2 had created there.
            SITES.kafka("edge").start();
            injector.heal(new RecordingContext(spec(tenant), routing, timeline, runDir));
        }
        try (Admin admin = SITES.kafka("edge").admin()) {
            assertThat(topics.list(admin)).as("tenant topics left on the target after heal").isEmpty();
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).noneMatch(t -> t.contains("cloud_beta"));
        }
    }

    private static void await(String what, Await.Condition condition) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(60), condition);
    }
}
