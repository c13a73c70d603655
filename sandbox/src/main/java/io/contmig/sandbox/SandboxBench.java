package io.contmig.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.sandbox.pipeline.MqttClients;
import io.contmig.sandbox.pipeline.PipelineStats;
import io.contmig.sitewhere.PipelineHops;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.SiteEndpoints;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures the sandbox pipeline alone: cold start of both sites (per server), then an open-model stream of QoS 1
 * measurements to tenant {@code default} on one site with no WAN delay, and the latency from each event's
 * <em>intended</em> publish time to its outbound echo on {@code SiteWhere/default/output/mqtt1} (gateway broker);
 * and the same latency split by hop (MQTT in, the pipeline's {@link PipelineHops}, MQTT out); finally the resident
 * memory of the whole sandbox. Prints one report; exits 0.
 *
 * <p>Arguments (all optional): {@code rate} events/s (default 2000), {@code seconds} measured (30),
 * {@code warmup} seconds (10), {@code devices} (100), {@code workDir} (target/contmig/bench-sandbox).
 */
public final class SandboxBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SiteWhereNames DEFAULT_TENANT = SiteWhereNames.of("default");

    private SandboxBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int devices = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Path work = Path.of(args.length > 4 ? args[4] : "target/contmig/bench-sandbox");
        try (Sandbox sandbox = Sandbox.start(SandboxSettings.defaults(work).withWan(SandboxSettings.NO_DELAY)
                .withRest(false))) {
            System.out.println("== cold start (" + Runtime.getRuntime().availableProcessors() + " cores): "
                    + sandbox.startupSummary());
            provision(sandbox.siteEndpoints("cloud"), devices);
            run(sandbox, rate, seconds, warmup, devices);
            System.out.println("== memory (RSS): whole sandbox " + mib(sandbox.residentBytes()) + " MiB; "
                    + sandbox.residentBytesByServer().entrySet().stream()
                    .map(e -> e.getKey() + " " + mib(e.getValue()) + " MiB").toList());
        }
    }

    private static void run(Sandbox sandbox, int rate, int seconds, int warmup, int devices) throws Exception {
        Map<Long, Long> intended = new ConcurrentHashMap<>();
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        // Per hop: MQTT in (intended → intake), the pipeline's hops, MQTT out (publish → echo received).
        List<String> hopNames = new ArrayList<>();
        hopNames.add("mqttIn");
        hopNames.addAll(PipelineHops.HOPS);
        hopNames.add("mqttOut");
        Histogram[] hops = new Histogram[hopNames.size()];
        for (int i = 0; i < hops.length; i++) {
            hops[i] = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        }
        AtomicLong echoed = new AtomicLong();
        AtomicLong measuredFrom = new AtomicLong(Long.MAX_VALUE);
        MqttAsyncClient echo = MqttClients.client(sandbox.mqttUrl(), "bench-echo-" + System.nanoTime());
        echo.connect(MqttClients.options(true, false, sandbox.mqttLogin())).waitForCompletion(10_000);
        echo.subscribe(DEFAULT_TENANT.mqttOutputTopic(), 1, (topic, message) -> {
            long now = System.nanoTime();
            JsonNode event = JSON.readTree(message.getPayload());
            Long start = intended.remove(event.path("metadata").path(SiteWhereNames.SEQ_METADATA_KEY).asLong());
            if (start != null && start >= measuredFrom.get()) {
                long nowMicros = PipelineHops.nowMicros();
                String stamps = event.path("metadata").path(PipelineHops.METADATA_KEY).asText("");
                synchronized (latency) {
                    latency.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(now - start),
                            latency.getHighestTrackableValue()));
                    long[] micros = PipelineHops.hopMicros(stamps);
                    if (micros.length == PipelineHops.HOPS.size()) {
                        // Same JVM, same monotonic clock: the MQTT legs are measurable here too.
                        long intake = Long.parseLong(stamps.substring(0, stamps.indexOf(',')));
                        long intendedMicros = nowMicros - TimeUnit.NANOSECONDS.toMicros(now - start);
                        long published = intake;
                        for (int i = 0; i < micros.length; i++) {
                            hops[i + 1].recordValue(Math.min(micros[i], hops[i].getHighestTrackableValue()));
                            published += micros[i];
                        }
                        hops[0].recordValue(Math.max(0, Math.min(intake - intendedMicros,
                                hops[0].getHighestTrackableValue())));
                        hops[hops.length - 1].recordValue(Math.max(0, Math.min(nowMicros - published,
                                hops[0].getHighestTrackableValue())));
                    }
                }
                echoed.incrementAndGet();
            }
        }).waitForCompletion(10_000);
        List<MqttAsyncClient> publishers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            MqttAsyncClient p = MqttClients.client(sandbox.mqttUrl(), "bench-pub-" + i + "-" + System.nanoTime());
            p.connect(MqttClients.options(true, false, sandbox.mqttLogin())).waitForCompletion(10_000);
            publishers.add(p);
        }
        long intervalNanos = 1_000_000_000L / rate;
        PipelineStats progress = sandbox.pipeline().stats("default");
        long[] seq = {0};
        // Warm-up: the same stream, unmeasured (JIT, consumer group joins, connection pools), then drained.
        stream(publishers, intervalNanos, TimeUnit.SECONDS.toNanos(warmup), devices, seq, intended, progress, echoed);
        awaitEchoes(intended, 0);
        long measureStart = System.nanoTime();
        measuredFrom.set(measureStart);
        long firstMeasured = seq[0];
        long maxLagNanos = stream(publishers, intervalNanos, TimeUnit.SECONDS.toNanos(seconds), devices, seq, intended,
                progress, echoed);
        long sentMeasured = seq[0] - firstMeasured;
        awaitEchoes(intended, 0);
        long drainedAt = System.nanoTime();
        PipelineStats stats = sandbox.pipeline().stats("default");
        System.out.printf(Locale.ROOT, "== pipeline, one site, no WAN delay: offered %d events/s for %d s"
                        + " (after a drained %d s warm-up), %d devices, QoS 1%n", rate, seconds, warmup, devices);
        System.out.printf(Locale.ROOT, "   echoed %d of %d measured events; throughput %.0f events/s;"
                        + " publisher max lag %.1f ms%n", echoed.get(), sentMeasured,
                echoed.get() / ((drainedAt - measureStart) / 1e9), maxLagNanos / 1e6);
        synchronized (latency) {
            System.out.printf(Locale.ROOT, "   publish→echo latency (from intended start): p50 %.1f ms, p90 %.1f ms,"
                            + " p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%n",
                    latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(90) / 1e3,
                    latency.getValueAtPercentile(99) / 1e3, latency.getValueAtPercentile(99.9) / 1e3,
                    latency.getMaxValue() / 1e3);
            for (int i = 0; i < hops.length; i++) {
                System.out.printf(Locale.ROOT, "   hop %-15s p50 %7.2f ms, p90 %7.2f ms, p99 %7.2f ms, max %7.2f ms (n=%d)%n",
                        hopNames.get(i), hops[i].getValueAtPercentile(50) / 1e3, hops[i].getValueAtPercentile(90) / 1e3,
                        hops[i].getValueAtPercentile(99) / 1e3, hops[i].getMaxValue() / 1e3,
                        hops[i].getTotalCount());
            }
        }
        System.out.println("   " + stats);
        publishers.forEach(MqttClients::closeQuietly);
        MqttClients.closeQuietly(echo);
    }

    /** Publishes one event every {@code intervalNanos} for {@code durationNanos}; returns the sender's max lag. */
    private static long stream(List<MqttAsyncClient> publishers, long intervalNanos, long durationNanos, int devices,
                               long[] seq, Map<Long, Long> intended, PipelineStats progress, AtomicLong echoed)
            throws Exception {
        long begin = System.nanoTime();
        long end = begin + durationNanos;
        long nextReport = begin + TimeUnit.SECONDS.toNanos(5);
        long maxLagNanos = 0;
        for (long next = begin; next < end; next += intervalNanos) {
            long now = System.nanoTime();
            if (now > nextReport) {
                // Where a backlog builds up: each stage's count so far.
                System.out.printf(Locale.ROOT, "   t=%ds sent=%d received=%d decoded=%d inbound=%d persisted=%d"
                                + " published=%d echoed(measured)=%d%n", (now - begin) / 1_000_000_000L, seq[0],
                        progress.get(PipelineStats.Counter.RECEIVED), progress.get(PipelineStats.Counter.DECODED),
                        progress.get(PipelineStats.Counter.INBOUND), progress.get(PipelineStats.Counter.PERSISTED),
                        progress.get(PipelineStats.Counter.PUBLISHED), echoed.get());
                nextReport += TimeUnit.SECONDS.toNanos(5);
            }
            if (now < next) {
                LockSupport.parkNanos(next - now);
            } else {
                maxLagNanos = Math.max(maxLagNanos, now - next);
            }
            long n = ++seq[0];
            String token = "bench-" + (n % devices);
            byte[] payload = ("{\"deviceToken\":\"" + token + "\",\"type\":\"DeviceMeasurement\",\"request\":"
                    + "{\"name\":\"temp\",\"value\":21.5,\"eventDate\":" + System.currentTimeMillis()
                    + ",\"metadata\":{\"seq\":\"" + n + "\"}}}").getBytes(StandardCharsets.UTF_8);
            intended.put(n, next);
            publishers.get((int) (n % publishers.size())).publish(DEFAULT_TENANT.mqttInputTopic(), payload, 1, false);
        }
        return maxLagNanos;
    }

    /** Waits (at most 120 s) until at most {@code left} published events still await their echo. */
    private static void awaitEchoes(Map<Long, Long> intended, int left) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (intended.size() > left && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private static void provision(SiteEndpoints site, int devices) throws Exception {
        try (Connection db = DriverManager.getConnection(site.jdbcUrl(DEFAULT_TENANT.database()), site.postgresUser(),
                site.postgresPassword())) {
            UUID type = UUID.randomUUID();
            try (PreparedStatement s = db.prepareStatement(
                    "INSERT INTO devicemanagement.device_type (id, token, name) VALUES (?, 'bench', 'bench')")) {
                s.setObject(1, type);
                s.executeUpdate();
            }
            try (PreparedStatement device = db.prepareStatement("INSERT INTO devicemanagement.device"
                    + " (id, token, device_type_id) VALUES (?, ?, ?)");
                 PreparedStatement assignment = db.prepareStatement("INSERT INTO devicemanagement.device_assignment"
                         + " (id, token, device_id, device_type_id, status, active_date) VALUES (?, ?, ?, ?, 'Active', now())")) {
                for (int d = 0; d < devices; d++) {
                    UUID id = UUID.randomUUID();
                    device.setObject(1, id);
                    device.setString(2, "bench-" + d);
                    device.setObject(3, type);
                    device.executeUpdate();
                    assignment.setObject(1, UUID.randomUUID());
                    assignment.setString(2, "bench-asg-" + d);
                    assignment.setObject(3, id);
                    assignment.setObject(4, type);
                    assignment.executeUpdate();
                }
            }
        }
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }
}
