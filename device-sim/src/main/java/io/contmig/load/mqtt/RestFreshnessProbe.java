package io.contmig.load.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.sitewhere.SiteWhereNames;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code mqtt.freshness}: for a sampled share of the fleet's acknowledged events, the time from the event's
 * intended publish to its first appearance in SiteWhere's REST event listing
 * ({@code GET /assignments/{token}/<kind>?startDate=..}) — what a dashboard user waits; the cost of an InfluxDB move.
 *
 * <p>Sampling is a pure function of {@code (device, seq, seed)} (reproducible), applied to every acknowledged
 * event ({@link AckObserver}). One poller thread asks, every {@code pollInterval}, one listing per assignment and
 * kind with sampled events not yet seen, from a second before the oldest one's {@code eventDate}; an event counts as
 * visible when the answer that first holds it arrives (so the figure is an upper bound, by at most one poll interval
 * plus one request). An event not seen within {@code giveUp}, or still unseen when {@link #close} ends the probe, is
 * a {@code mqtt.freshness.ko} sample. Samples go to {@code mqtt.freshness@<tenant>} on the run clock.
 *
 * <p>Thread-safe: {@link #acknowledged} is wait-free apart from a queue insert; {@link #start}, {@link #awaitSeen}
 * and {@link #close} come from the controlling thread. A failed request is retried on the next poll.
 */
public final class RestFreshnessProbe implements AckObserver, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE_SIZE = 100;

    /** What the probe needs. */
    public record Config(URI baseUrl, Supplier<String> jwt, Map<String, Map<String, String>> assignmentByDevice,
                         double share, long seed, Duration pollInterval, Duration giveUp) {
        public Config {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(jwt, "jwt");
            assignmentByDevice = Map.copyOf(assignmentByDevice);
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("freshness share (" + share + ") must be within [0, 1]");
            }
            if (pollInterval.isNegative() || pollInterval.isZero()) {
                throw new IllegalArgumentException("pollInterval (" + pollInterval + ") must be > 0");
            }
        }

        /** Polls every 50 ms and gives up after 120 s. */
        public static Config of(URI baseUrl, Supplier<String> jwt, Map<String, Map<String, String>> assignmentByDevice,
                                double share, long seed) {
            return new Config(baseUrl, jwt, assignmentByDevice, share, seed, Duration.ofMillis(50),
                    Duration.ofSeconds(120));
        }
    }

    private record Sampled(String tenant, String assignment, String kind, long seq, long intendedNanos,
                           long eventDateMillis) {
    }

    private final Config config;
    private final SampleRecorder recorder;
    private final RunClock clock;
    private final Map<String, Integer> operations = new HashMap<>();
    private final ConcurrentLinkedQueue<Sampled> arrivals = new ConcurrentLinkedQueue<>();
    /** Poller thread only. */
    private final List<Sampled> pending = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread poller;
    private volatile boolean stopping;
    private volatile int unseen;

    public RestFreshnessProbe(Config config, SampleRecorder recorder, RunClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (String tenant : config.assignmentByDevice().keySet()) {
            operations.put(tenant, recorder.operation("mqtt.freshness", tenant));
        }
        this.poller = new Thread(this::pollLoop, "contmig-freshness");
        poller.setDaemon(true);
    }

    /** Whether event {@code seq} of {@code deviceToken} is in the sample (deterministic). */
    boolean sampled(String deviceToken, long seq) {
        long h = config.seed() ^ (deviceToken.hashCode() * 0x9E3779B97F4A7C15L) ^ (seq * 0xC2B2AE3D27D4EB4FL);
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53 < config.share();
    }

    @Override
    public void acknowledged(String tenant, String deviceToken, long seq, String kind, long intendedNanos,
                             long eventDateMillis) {
        if (stopping || !sampled(deviceToken, seq)) {
            return;
        }
        Map<String, String> assignments = config.assignmentByDevice().get(tenant);
        String assignment = assignments == null ? null : assignments.get(deviceToken);
        if (assignment != null) {
            arrivals.add(new Sampled(tenant, assignment, kind, seq, intendedNanos, eventDateMillis));
        }
    }

    /** Starts polling. */
    public void start() {
        poller.start();
    }

    /** Waits until every sampled event so far was seen or given up, at most {@code timeout}; whether it was. */
    public boolean awaitSeen(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!arrivals.isEmpty() || unseen > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(config.pollInterval().toMillis()); // the poller's own period: no condition to await
        }
        return true;
    }

    /** Stops the poller; events still unseen become {@code mqtt.freshness.ko} samples. Idempotent. */
    @Override
    public void close() {
        stopping = true;
        stopped.countDown();
        try {
            poller.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pollLoop() {
        try {
            do {
                drainArrivals();
                if (!pending.isEmpty()) {
                    pollOnce();
                }
                unseen = pending.size();
            } while (!stopped.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            drainArrivals();
            long now = clock.nanos();
            for (Sampled s : pending) {
                recorder.record(operations.get(s.tenant()), s.intendedNanos(), s.intendedNanos(), now, false);
            }
            pending.clear();
            unseen = 0;
        }
    }

    private void drainArrivals() {
        for (Sampled s; (s = arrivals.poll()) != null; ) {
            pending.add(s);
        }
    }

    /** One listing per (tenant, assignment, kind) with pending events; records those now visible. */
    private void pollOnce() {
        Map<List<String>, List<Sampled>> byListing = new HashMap<>();
        for (Sampled s : pending) {
            byListing.computeIfAbsent(List.of(s.tenant(), s.assignment(), s.kind()), k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<List<String>, List<Sampled>> e : byListing.entrySet()) {
            List<Sampled> wanted = e.getValue();
            long oldest = wanted.stream().mapToLong(Sampled::eventDateMillis).min().orElseThrow();
            JsonNode page = list(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2), oldest - 1_000);
            long now = clock.nanos();
            if (page != null) {
                for (JsonNode event : page.path("results")) {
                    String seq = event.path("metadata").path(SiteWhereNames.SEQ_METADATA_KEY).asText("");
                    for (Iterator<Sampled> it = wanted.iterator(); it.hasNext(); ) {
                        Sampled s = it.next();
                        if (Long.toString(s.seq()).equals(seq)) {
                            recorder.record(operations.get(s.tenant()), s.intendedNanos(), s.intendedNanos(), now,
                                    true);
                            pending.remove(s);
                            it.remove();
                        }
                    }
                }
            }
            long giveUpBefore = now - config.giveUp().toNanos();
            for (Sampled s : wanted) {
                if (s.intendedNanos() < giveUpBefore) {
                    recorder.record(operations.get(s.tenant()), s.intendedNanos(), s.intendedNanos(), now, false);
                    pending.remove(s);
                }
            }
        }
    }

    /** The newest page of the listing since {@code sinceMillis}, or null when the request failed. */
    private JsonNode list(String tenant, String assignment, String kind, long sinceMillis) {
        String url = config.baseUrl().toString().replaceAll("/+$", "") + "/assignments/"
                + URLEncoder.encode(assignment, StandardCharsets.UTF_8) + "/" + kind + "?page=1&pageSize=" + PAGE_SIZE
                + "&startDate=" + URLEncoder.encode(Instant.ofEpochMilli(sinceMillis).toString(), StandardCharsets.UTF_8);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + config.jwt().get())
                    .header("X-SiteWhere-Tenant-Id", tenant).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            // Unreachable or refused (a store moving): the events stay pending and are asked for again.
            return null;
        }
    }
}
