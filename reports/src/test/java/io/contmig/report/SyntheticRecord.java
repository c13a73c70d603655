package io.contmig.report;

import io.contmig.record.ManualRunClock;
import io.contmig.record.RunRecord;
import io.contmig.record.TimelineWriter;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a run directory for tests: marks through the real {@link TimelineWriter} on a {@link ManualRunClock},
 * samples tagged as {@code SampleRecorder} tags them ({@code <op>}, {@code <op>.ko}, and per tenant
 * {@code <op>@<t>}, {@code <op>.ko@<t>}), written with HdrHistogram's {@link HistogramLogWriter} at base time 0
 * in 1 s intervals (what {@code LatencyLogWriter} writes; its flush is package-private).
 */
final class SyntheticRecord {

    private final Path dir;
    private final ManualRunClock clock = new ManualRunClock();
    private final TimelineWriter timeline;
    /** second → tag → histogram, written in second order then tag order. */
    private final TreeMap<Integer, Map<String, Histogram>> intervals = new TreeMap<>();

    SyntheticRecord(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.timeline = new TimelineWriter(dir.resolve("timeline.jsonl"), clock);
    }

    Path dir() {
        return dir;
    }

    SyntheticRecord plan(String json) throws IOException {
        Files.writeString(dir.resolve("plan.json"), json, StandardCharsets.UTF_8);
        return this;
    }

    /** Appends a mark at {@code atMs} (the clock only moves forward between marks). */
    SyntheticRecord mark(double atMs, String kind, String source, Map<String, ?> attributes) {
        clock.set(Math.round(atMs * 1_000_000));
        timeline.mark(kind, source, attributes);
        return this;
    }

    SyntheticRecord mark(double atMs, String kind, Map<String, ?> attributes) {
        return mark(atMs, kind, "runner", attributes);
    }

    SyntheticRecord injection(double startMs, String name, String tenant) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("injection", name);
        attrs.put("injectionKind", "migration");
        attrs.put("store", "postgresql");
        attrs.put("strategy", "logical-replication");
        if (tenant != null) {
            attrs.put("tenant", tenant);
        }
        attrs.put("from", "cloud");
        attrs.put("to", "edge");
        return mark(startMs, "injection-started", name, attrs);
    }

    /** A placement (no verifier of its own: the cross-store check of its tenant is its verification). */
    SyntheticRecord placement(double startMs, String name, String tenant) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("injection", name);
        attrs.put("injectionKind", "placement");
        attrs.put("strategy", "sandbox-site");
        attrs.put("tenant", tenant);
        attrs.put("from", "cloud");
        attrs.put("to", "edge");
        return mark(startMs, "injection-started", name, attrs);
    }

    SyntheticRecord phase(double atMs, String injection, String phase) {
        return mark(atMs, "injection-phase", injection, Map.of("injection", injection, "phase", phase));
    }

    SyntheticRecord finished(double atMs, String injection) {
        return mark(atMs, "injection-finished", injection, Map.of("injection", injection));
    }

    SyntheticRecord failed(double atMs, String injection, String reason) {
        return mark(atMs, "injection-failed", injection, Map.of("injection", injection, "reason", reason));
    }

    SyntheticRecord healed(double atMs, String injection) {
        return mark(atMs, "heal-finished", injection, Map.of("injection", injection));
    }

    /**
     * Records {@code n} samples of {@code op} (for {@code tenant}, or no tenant when null) in the interval starting
     * at {@code second}, with latencies {@code firstMicros, firstMicros + stepMicros, ...}.
     */
    SyntheticRecord samples(int second, String op, String tenant, boolean ok, int n, long firstMicros, long stepMicros) {
        for (int i = 0; i < n; i++) {
            long v = firstMicros + i * stepMicros;
            record(second, ok ? op : op + ".ko", v);
            if (tenant != null) {
                record(second, (ok ? op : op + ".ko") + "@" + tenant, v);
            }
        }
        return this;
    }

    private void record(int second, String tag, long micros) {
        intervals.computeIfAbsent(second, s -> new LinkedHashMap<>())
                .computeIfAbsent(tag, t -> new Histogram(3))
                .recordValue(micros);
    }

    SyntheticRecord verification(String injection, String json) throws IOException {
        Files.createDirectories(dir.resolve("verification"));
        Files.writeString(dir.resolve("verification").resolve(injection + ".json"), json, StandardCharsets.UTF_8);
        return this;
    }

    /** {@code verification/cross-store.json} holding {@code checks} (a JSON array). */
    SyntheticRecord crossStore(String checks) throws IOException {
        return verification("cross-store", "{\"checks\":" + checks + "}");
    }

    /** Writes the latency log and closes the timeline; returns the opened record. */
    RunRecord write() throws IOException {
        timeline.close();
        try (OutputStream out = Files.newOutputStream(dir.resolve("latency.hlog"))) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.setBaseTime(0);
            w.outputLogFormatVersion();
            w.outputStartTime(clock.wallClockAtZero().toEpochMilli());
            w.outputBaseTime(0);
            w.outputLegend();
            for (Map.Entry<Integer, Map<String, Histogram>> second : intervals.entrySet()) {
                for (Map.Entry<String, Histogram> tagged : new TreeMap<>(second.getValue()).entrySet()) {
                    Histogram h = tagged.getValue();
                    h.setTag(tagged.getKey());
                    h.setStartTimeStamp(second.getKey() * 1000L);
                    h.setEndTimeStamp(second.getKey() * 1000L + 1000L);
                    w.outputIntervalHistogram(h);
                }
            }
        }
        return RunRecord.open(dir);
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
