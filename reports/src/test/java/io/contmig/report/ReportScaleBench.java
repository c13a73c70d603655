package io.contmig.report;

import io.contmig.gate.Verdict;
import io.contmig.record.RunRecord;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scale measurement (issues 2 and 10): reports on a 1-hour record with 20 operation tags (3,600 × 20 = 72,000 interval
 * histograms, plus 14,400 phase-epoch histograms over the six injections' 120 s) must take ≤ 10 s and fit in a
 * 512 MiB heap. Not part of {@code mvn verify}; run with
 * {@code mvn -B -o test -pl reports -Pbench} (the profile runs {@code *Bench} classes with {@code -Xmx512m}).
 * Prints and writes {@code target/bench/report-scale.txt}.
 */
class ReportScaleBench {

    static final int SECONDS = 3_600;
    static final List<String> OPERATIONS = List.of("mqtt.publish", "mqtt.e2e", "rest.listMeasurements",
            "rest.postMeasurement", "rest.getDevice");
    static final List<String> TENANTS = List.of("acme", "globex");

    @Test
    void reportsOnAOneHourRecordWithTwentyTagsTakeAtMostTenSecondsIn512MiB() throws IOException {
        Path dir = Path.of("target/bench/one-hour-run");
        long genStart = System.nanoTime();
        int histograms = generate(dir, 42);
        double genSeconds = (System.nanoTime() - genStart) / 1e9;
        assertThat(histograms).isEqualTo(72_000 + 6 * 120 * 20);

        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        // Wall time, and the thread's CPU time: the analysis is single-threaded, so CPU time is what it costs even
        // when other builds share the machine's cores (wall time then mostly measures waiting for a core).
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long processCpuStart = processCpuNanos();
        long start = System.nanoTime();
        RunReport report = Reports.writeAll(RunRecord.open(dir), dir);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double processCpuSeconds = (processCpuNanos() - processCpuStart) / 1e9;
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.gc();
        long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long maxHeap = Runtime.getRuntime().maxMemory();

        // Where the time goes (JVM now warm): reading the log alone, analysis alone, each renderer.
        long t0 = System.nanoTime();
        long[] samples = new long[1];
        RunRecord.open(dir).forEachInterval((tag, s0, e0, h) -> samples[0] += h.getTotalCount());
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        RunReport again = Reports.analyze(RunRecord.open(dir));
        double analyzeSeconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder renderTimes = new StringBuilder();
        for (ReportFormat f : ReportFormat.values()) {
            t0 = System.nanoTime();
            Reports.render(again, f);
            renderTimes.append(String.format(Locale.ROOT, " %s %.2f s;", f, (System.nanoTime() - t0) / 1e9));
        }

        String result = String.format(Locale.ROOT, "record: %d s, %d tags, %d interval histograms, latency.hlog %.1f MiB"
                        + " (generated in %.1f s)%n"
                        + "Reports.writeAll (analyze + 6 formats, cold JVM): wall %.2f s, thread CPU %.2f s, process CPU"
                        + " (incl. GC and JIT threads) %.2f s"
                        + " (load average %.1f on %d cores)%n"
                        + "heap: peak %.0f MiB (sum of pool peaks), in use after GC with the report alive %.0f MiB, max %.0f MiB%n"
                        + "warm breakdown: reading latency.hlog alone %.2f s; analyze %.2f s; render%s%n"
                        + "report/index.html %.1f MiB; verdict %s%n",
                SECONDS, OPERATIONS.size() * 4, histograms, Files.size(dir.resolve("latency.hlog")) / 1048576.0, genSeconds,
                seconds, cpuSeconds, processCpuSeconds, load, Runtime.getRuntime().availableProcessors(),
                peakHeap / 1048576.0, retained / 1048576.0, maxHeap / 1048576.0,
                readSeconds, analyzeSeconds, renderTimes,
                Files.size(dir.resolve("report/index.html")) / 1048576.0, report.verdict());
        System.out.print(result);
        Files.writeString(Path.of("target/bench/report-scale.txt"), result, StandardCharsets.UTF_8);

        assertThat(report.injections()).hasSize(6);
        assertThat(report.verdict()).isNotEqualTo(Verdict.UNKNOWN);
        assertThat(maxHeap).as("run with -Xmx512m (the bench profile does)").isLessThanOrEqualTo(512L * 1024 * 1024);
        assertThat(cpuSeconds).as("CPU seconds of Reports.writeAll").isLessThanOrEqualTo(10.0);
        if (load < Runtime.getRuntime().availableProcessors()) {
            // Only meaningful on a machine that is not oversubscribed.
            assertThat(seconds).as("wall seconds of Reports.writeAll").isLessThanOrEqualTo(10.0);
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /**
     * Writes a one-hour record: 5 operations × (all tenants, acme, globex, failures) = 20 tags, one interval
     * histogram per tag and second; six injections with three phases each, whose seconds are also written under
     * the epoch tags of their phase ({@code <tag>#<phase start µs>}, as {@code SampleRecorder} does); seeded.
     *
     * @return the number of interval histograms written
     */
    static int generate(Path dir, long seed) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(seed);
        StringBuilder timeline = new StringBuilder();
        timeline.append("{\"t\":0,\"kind\":\"run-started\",\"source\":\"runner\"}\n");
        List<double[]> spans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            double start = 300_000 + i * 550_000.0;
            double end = start + 120_000;
            spans.add(new double[] {start, end});
            String name = "inj-" + i;
            timeline.append(String.format(Locale.ROOT, "{\"t\":%.1f,\"kind\":\"injection-started\",\"source\":\"%s\","
                    + "\"injection\":\"%s\",\"injectionKind\":\"migration\",\"store\":\"postgresql\","
                    + "\"strategy\":\"logical-replication\",\"tenant\":\"acme\",\"from\":\"cloud\",\"to\":\"edge\"}%n",
                    start, name, name));
            String[] phases = {"copy", "catch-up", "cutover"};
            for (int k = 0; k < 3; k++) {
                timeline.append(String.format(Locale.ROOT, "{\"t\":%.1f,\"kind\":\"injection-phase\",\"source\":\"%s\","
                        + "\"injection\":\"%s\",\"phase\":\"%s\"}%n", start + k * 50_000, name, name, phases[k]));
            }
            timeline.append(String.format(Locale.ROOT, "{\"t\":%.1f,\"kind\":\"injection-finished\",\"source\":\"%s\","
                    + "\"injection\":\"%s\"}%n", end, name, name));
            timeline.append(String.format(Locale.ROOT, "{\"t\":%.1f,\"kind\":\"heal-finished\",\"source\":\"%s\","
                    + "\"injection\":\"%s\"}%n", end + 1_000, name, name));
        }
        Files.createDirectories(dir.resolve("verification"));
        for (int i = 0; i < spans.size(); i++) {
            Files.writeString(dir.resolve("verification/inj-" + i + ".json"),
                    "{\"verdict\":\"PASS\",\"checked\":12000,\"lost\":0,\"duplicated\":0,\"mismatches\":[]}\n");
        }
        timeline.append(String.format(Locale.ROOT, "{\"t\":%d,\"kind\":\"run-finished\",\"source\":\"runner\"}%n", SECONDS * 1000));
        Files.writeString(dir.resolve("timeline.jsonl"), timeline, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("plan.json"), """
                {"runId":"bench-one-hour","target":"sandbox","seed":42,
                 "gates":["p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)",
                          "p99(mqtt.e2e@colocated, during) <= 2 * p99(mqtt.e2e@colocated, before)",
                          "downtime(rest.listMeasurements) <= 2s", "errors(mqtt.publish, cutover) < 1000"]}
                """, StandardCharsets.UTF_8);

        Map<String, Histogram> tags = new LinkedHashMap<>();
        for (String op : OPERATIONS) {
            for (String suffix : new String[] {"", "@acme", "@globex", ".ko"}) {
                tags.put(op + suffix, new Histogram(3));
            }
        }
        int written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("latency.hlog")), 1 << 16)) {
            HistogramLogWriter w = new HistogramLogWriter(out);
            w.setBaseTime(0);
            w.outputLogFormatVersion();
            w.outputStartTime(1_767_225_600_000L);
            w.outputBaseTime(0);
            w.outputComment(io.contmig.record.LatencyLogWriter.PHASE_ATTRIBUTION_HEADER);
            w.outputLegend();
            for (int s = 0; s < SECONDS; s++) {
                tags.values().forEach(Histogram::reset);
                boolean during = false;
                long epochMicros = -1;
                for (double[] span : spans) {
                    if (s * 1000.0 >= span[0] && s * 1000.0 < span[1]) {
                        during = true;
                        // The phase holding this second: copy, catch-up (each 50 s) or cutover.
                        epochMicros = (long) (span[0] + Math.min(2, (long) ((s * 1000.0 - span[0]) / 50_000)) * 50_000) * 1000;
                    }
                }
                for (String op : OPERATIONS) {
                    boolean mqtt = op.startsWith("mqtt");
                    int perTenant = mqtt ? 100 : 5;
                    long base = mqtt ? 3_000 : 20_000;
                    for (String tenant : TENANTS) {
                        boolean slow = during && tenant.equals("acme");
                        for (int i = 0; i < perTenant; i++) {
                            long v = (long) (base * (slow ? 2 : 1) * Math.exp(random.nextGaussian() * 0.4));
                            tags.get(op).recordValue(v);
                            tags.get(op + "@" + tenant).recordValue(v);
                        }
                    }
                    tags.get(op + ".ko").recordValue(1_000_000 + random.nextInt(1_000));
                }
                for (Map.Entry<String, Histogram> e : tags.entrySet()) {
                    Histogram h = e.getValue();
                    h.setTag(e.getKey());
                    h.setStartTimeStamp(s * 1000L);
                    h.setEndTimeStamp(s * 1000L + 1000L);
                    w.outputIntervalHistogram(h);
                    written++;
                    if (epochMicros >= 0) {
                        h.setTag(e.getKey() + "#" + epochMicros);
                        w.outputIntervalHistogram(h);
                        written++;
                    }
                }
            }
        }
        return written;
    }
}
