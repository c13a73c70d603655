package io.contmig.inject.kafka;

import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.MarkKind;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.servers.KafkaServer;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.testkit.TwoSites;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement, not part of {@code mvn verify} (the name does not end in IT): MirrorMaker 2 lag under a steady
 * 2,000 msg/s producer, time from the injection's start to the cutover, the write block, and duplicates seen by
 * a consumer group that follows the switch. Run with
 * {@code mvn -o verify -pl migration-injectors -Dit.test=MirrorMaker2Bench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 * Prints one {@code MEASURE} line.
 */
class MirrorMaker2Bench {

    private static final Path DIR = Path.of("target", "mm2-bench").toAbsolutePath();

    @Test
    void lagAndCutoverUnder2000MessagesPerSecond() throws Exception {
        TwoSites.deleteTree(DIR);
        double rate = Double.parseDouble(System.getProperty("bench.rate", "2000"));
        try (KafkaServer cloud = new KafkaServer(KafkaServer.Options.defaults("kafka-cloud-bench", DIR.resolve("cloud")));
             KafkaServer edge = new KafkaServer(KafkaServer.Options.defaults("kafka-edge-bench", DIR.resolve("edge")))) {
            cloud.start();
            edge.start();
            String tenant = "bench";
            TenantTopics topics = new TenantTopics(tenant, 10_000);
            try (Admin admin = cloud.admin()) {
                admin.createTopics(List.of(new NewTopic(topics.decodedEvents(), 8, (short) 1),
                        new NewTopic(topics.prefix() + "inbound-events", 8, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            SimpleTenantRouting simple = new SimpleTenantRouting(Map.of(
                    "cloud", new SiteEndpoints("cloud", "jdbc:postgresql://127.0.0.1:1/postgres", "-", "-",
                            cloud.bootstrapServers(), "http://127.0.0.1:1", "tcp://127.0.0.1:1"),
                    "edge", new SiteEndpoints("edge", "jdbc:postgresql://127.0.0.1:1/postgres", "-", "-",
                            edge.bootstrapServers(), "http://127.0.0.1:1", "tcp://127.0.0.1:1")))
                    .addTenant(tenant, "cloud");
            ConsumerPausingRouting routing = new ConsumerPausingRouting(simple);
            KafkaLoadWriter writer = new KafkaLoadWriter(simple, tenant, 100, rate);
            TenantConsumer consumer = new TenantConsumer(routing, tenant, "sitewhere-sitewhere-bench-inbound-processing-decoded");
            routing.register(consumer);
            InjectorFactory factory = InjectorFactories.installed().require("kafka/mirrormaker2");
            List<String> problems = new ArrayList<>();
            OptionValues options = OptionValues.validate("options", Map.of("lagThreshold", "500", "minMirror", System.getProperty("bench.minMirror", "30s"),
                    "mirrorTimeout", "3m"), factory.options(), problems);
            assertThat(problems).isEmpty();
            InjectionSpec spec = new InjectionSpec("mm2-bench", "kafka/mirrormaker2", tenant, "cloud", "edge");
            var injector = (KafkaMirrorMaker2Migration) factory.create(spec, options);

            List<long[]> lagSamples = new CopyOnWriteArrayList<>(); // {nanos, lag}
            InjectionOutcome outcome;
            try (TimelineWriter timeline = new TimelineWriter(Files.createDirectories(DIR).resolve("timeline.jsonl"),
                    RunClock.startingNow())) {
                writer.preload(20_000);
                consumer.start();
                writer.start();
                Thread sampler = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        long lag = injector.lastLag();
                        if (lag >= 0) {
                            lagSamples.add(new long[] {System.nanoTime(), lag});
                        }
                        try {
                            Thread.sleep(200); // sampling interval
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "lag-sampler");
                sampler.setDaemon(true);
                sampler.start();
                outcome = new InjectionRunner(routing, timeline, Files.createDirectories(DIR.resolve("run"))).run(spec, injector);
                sampler.interrupt();
                long after = writer.acked().size() + (long) rate * 3;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (writer.acked().size() < after && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                writer.close();
                Set<String> acked = writer.acked();
                deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (!consumer.seen().keySet().containsAll(acked) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                consumer.close();
                double start = timeline.marks().get(0).tMs();
                double cutover = timeline.marks().stream().filter(m -> m.is(MarkKind.INJECTION_PHASE)
                        && "cutover".equals(m.attribute("phase"))).findFirst().orElseThrow().tMs();
                double cleanup = timeline.marks().stream().filter(m -> m.is(MarkKind.INJECTION_PHASE)
                        && "cleanup".equals(m.attribute("phase"))).findFirst().orElseThrow().tMs();
                double mirror = timeline.marks().stream().filter(m -> m.is(MarkKind.INJECTION_PHASE)
                        && "mirror".equals(m.attribute("phase"))).findFirst().orElseThrow().tMs();
                // Steady lag: samples from the first time MM2 was caught up (≤ 500) to the cutover.
                List<Long> steady = new ArrayList<>();
                boolean caughtUp = false;
                for (long[] s : lagSamples) {
                    caughtUp |= s[1] <= 500;
                    if (caughtUp) {
                        steady.add(s[1]);
                    }
                }
                steady.sort(Long::compare);
                Set<String> unseen = new HashSet<>(acked);
                unseen.removeAll(consumer.seen().keySet());
                var v = outcome.verification().orElseThrow();
                System.out.printf(Locale.ROOT, "MEASURE mm2 at %.0f msg/s (+25%% on inbound-events): finished=%s; "
                                + "start→cutover %.0f ms (MM2 start and catch-up included; mirror phase held >= minMirror); "
                                + "steady lag msgs p50 %d, p99 %d, max %d over %d samples; cutover (write block) %.0f ms, "
                                + "longest block %d ms; topic duplicates %d, lost %d; consumer: %d records, %d duplicates, "
                                + "%d acknowledged never consumed; producer failures %d%n",
                        rate, outcome.finished(), cutover - start, pct(steady, 0.5), pct(steady, 0.99),
                        steady.isEmpty() ? -1 : steady.get(steady.size() - 1), steady.size(), cleanup - cutover,
                        simple.longestBlock(tenant, Store.KAFKA).toMillis(), v.duplicated(), v.lost(),
                        consumer.records(), consumer.duplicates(), unseen.size(), writer.failed());
                System.out.printf(Locale.ROOT, "MEASURE mm2 phases: mirror mark at %.0f ms after start%n", mirror - start);
            }
            assertThat(outcome.finished()).as(outcome.failureReason().orElse("")).isTrue();
        }
    }

    private static long pct(List<Long> sorted, double q) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(q * sorted.size())));
    }
}
