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
import io.contmig.servers.DelayProxy;
import io.contmig.servers.FreePorts;
import io.contmig.servers.KafkaServer;
import io.contmig.target.SiteEndpoints;
import io.contmig.testkit.Await;
import io.contmig.testkit.TwoSites;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement, not part of {@code mvn verify}: the MirrorMaker 2 cutover with MM2's checkpoints (the old way) and
 * with identity-derived offsets (the default), side by side in one run, over the default WAN (20 ms each way
 * between the sites' Kafka clusters, through {@link DelayProxy}s in front of WAN listeners as in the sandbox), at
 * 1,000 msg/s of the moved tenant written from the cloud site. Prints per mode the write block (the runner's
 * {@code writeBlockMs} fact), the moved tenant's write p99 (intended send → acknowledgement) before, during the
 * injection and during its cutover phase, and the ratios. Run with
 * {@code mvn -B -ntp -pl migration-injectors -am verify -Pbench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=MirrorMaker2CutoverBench -Dfailsafe.failIfNoSpecifiedTests=false -Dinvoker.skip=true}
 * ({@code -Dbench.rate=}, {@code -Dbench.wanMs=} change the load and the delay).
 */
class MirrorMaker2CutoverBench {

    private static final Path DIR = Path.of("target", "mm2-cutover-bench").toAbsolutePath();
    private static final Duration BASELINE = Duration.ofSeconds(10);
    /** Load before the baseline window: producers, JIT and the clusters warm up outside what is measured. */
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    @Test
    void checkpointsVersusDerivedOffsetsOverTheWan() throws Exception {
        TwoSites.deleteTree(DIR);
        double rate = Double.parseDouble(System.getProperty("bench.rate", "1000"));
        Duration wan = Duration.ofMillis(Long.parseLong(System.getProperty("bench.wanMs", "20")));
        Map<String, KafkaServer> clusters = new ConcurrentHashMap<>();
        Map<String, DelayProxy> proxies = new ConcurrentHashMap<>();
        try {
            for (String site : List.of("cloud", "edge")) {
                int wanPort = FreePorts.next();
                DelayProxy proxy = DelayProxy.start(wanPort, wan);
                proxies.put(site, proxy);
                KafkaServer kafka = new KafkaServer(KafkaServer.Options.defaults("kafka-" + site + "-cutover-bench",
                        DIR.resolve(site)).withExtraListener("WAN", wanPort, "127.0.0.1:" + proxy.port()));
                clusters.put(site, kafka);
                kafka.start();
            }
            SimpleTenantRouting simple = new SimpleTenantRouting(Map.of(
                    "cloud", endpoints("cloud", clusters.get("cloud").bootstrapServers()),
                    "edge", endpoints("edge", clusters.get("edge").bootstrapServers())))
                    .viaWan("cloud", "edge", endpoints("cloud", "127.0.0.1:" + proxies.get("cloud").port()))
                    .viaWan("edge", "cloud", endpoints("edge", "127.0.0.1:" + proxies.get("edge").port()));
            List<String> lines = new ArrayList<>();
            lines.add(measure(simple, clusters.get("cloud"), "old", "checkpoints", rate));
            lines.add(measure(simple, clusters.get("cloud"), "new", "derived", rate));
            System.out.printf(Locale.ROOT, "MEASURE mm2 cutover at %.0f msg/s, WAN %d ms each way:%n", rate,
                    wan.toMillis());
            lines.forEach(l -> System.out.println("MEASURE   " + l));
        } finally {
            clusters.values().forEach(KafkaServer::close);
            proxies.values().forEach(DelayProxy::close);
        }
    }

    private static SiteEndpoints endpoints(String site, String kafka) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "-", "-", kafka,
                "http://127.0.0.1:1", "tcp://127.0.0.1:1");
    }

    /** Moves tenant {@code tenant} cloud → edge with {@code translation}; one line of figures. */
    private static String measure(SimpleTenantRouting simple, KafkaServer cloud, String tenant, String translation,
                                  double rate) throws Exception {
        TenantTopics topics = new TenantTopics(tenant, 10_000);
        try (Admin admin = cloud.admin()) {
            admin.createTopics(List.of(new NewTopic(topics.decodedEvents(), 4, (short) 1),
                    new NewTopic(topics.prefix() + "inbound-events", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
            // A produce right after creation meets NOT_LEADER until every partition has its leader.
            Await.until("leaders of " + tenant + "'s partitions", Duration.ofSeconds(30), () -> admin.describeTopics(
                    List.of(topics.decodedEvents(), topics.prefix() + "inbound-events")).allTopicNames()
                    .get(10, TimeUnit.SECONDS).values().stream().allMatch(td -> td.partitions().stream()
                            .allMatch(p -> p.leader() != null && !p.leader().isEmpty())));
        }
        simple.addTenant(tenant, "cloud");
        ConsumerPausingRouting routing = new ConsumerPausingRouting(simple);
        KafkaLoadWriter writer = new KafkaLoadWriter(simple, tenant, 100, rate, "cloud");
        TenantConsumer consumer = new TenantConsumer(routing, tenant,
                "sitewhere-sitewhere-" + tenant + "-inbound-processing-decoded");
        routing.register(consumer);
        InjectorFactory factory = InjectorFactories.installed().require("kafka/mirrormaker2");
        List<String> problems = new ArrayList<>();
        OptionValues options = OptionValues.validate("options", Map.of("offsetTranslation", translation,
                "mirrorTimeout", "3m"), factory.options(), problems);
        assertThat(problems).isEmpty();
        InjectionSpec spec = new InjectionSpec("mm2-" + translation, "kafka/mirrormaker2", tenant, "cloud", "edge");
        Map<String, Long> markNanos = new ConcurrentHashMap<>();
        Path runDir = Files.createDirectories(DIR.resolve("run-" + translation));
        InjectionOutcome outcome;
        long preloadFailures;
        try (TimelineWriter timeline = new TimelineWriter(runDir.resolve("timeline.jsonl"), RunClock.startingNow())) {
            timeline.addListener(mark -> {
                String key = mark.is(MarkKind.INJECTION_PHASE) ? String.valueOf(mark.attribute("phase")) : mark.kind();
                markNanos.putIfAbsent(key, System.nanoTime());
            });
            writer.preload(5_000);
            preloadFailures = writer.failed(); // history, before the measured load: reported apart
            consumer.start();
            writer.start();
            // Warm-up, then the baseline window under load: spans to measure, not waits for a condition.
            Thread.sleep(WARM_UP.plus(BASELINE).toMillis());
            outcome = new InjectionRunner(routing, timeline, runDir).run(spec, factory.create(spec, options));
            int after = writer.acked().size() + (int) rate * 2;
            Await.until("writes after the cutover", Duration.ofSeconds(60), () -> writer.acked().size() >= after);
            writer.close();
            var acked = writer.acked();
            Await.until("consumer caught up", Duration.ofSeconds(60), () -> consumer.seen().keySet().containsAll(acked));
            consumer.close();
        }
        assertThat(outcome.finished()).as(outcome.failureReason().orElse("")).isTrue();
        long start = markNanos.get(MarkKind.INJECTION_STARTED.label());
        long end = markNanos.get(MarkKind.INJECTION_FINISHED.label());
        List<long[]> samples = writer.latencies();
        double before = p99Millis(samples, start - BASELINE.toNanos(), start);
        double during = p99Millis(samples, start, end);
        double cutover = p99Millis(samples, markNanos.get("cutover"), markNanos.get("cleanup"));
        Object block = outcome.verification().orElseThrow().details().get("writeBlockMs");
        return String.format(Locale.ROOT, "%-11s write block %s ms; moved tenant write p99 before %.1f ms, during %.1f "
                        + "ms (÷ before %.2f), cutover phase %.1f ms (÷ before %.2f); consumer duplicates %d of %d; "
                        + "producer failures %d (and %d while preloading the history)", translation, block, before, during, during / before, cutover,
                cutover / before, consumer.duplicates(), consumer.records(), writer.failed() - preloadFailures,
                preloadFailures);
    }

    private static double p99Millis(List<long[]> samples, long fromNanos, long toNanos) {
        List<Long> inside = new ArrayList<>();
        for (long[] s : samples) {
            if (s[0] >= fromNanos && s[0] < toNanos) {
                inside.add(s[1] - s[0]);
            }
        }
        if (inside.isEmpty()) {
            return Double.NaN;
        }
        inside.sort(null);
        return inside.get(Math.min(inside.size() - 1, (int) Math.floor(0.99 * inside.size()))) / 1e6;
    }
}
