package io.contmig.inject.influx;

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
import io.contmig.servers.InfluxServer;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement, not part of {@code mvn verify} (the name does not end in IT): copy rate of
 * {@code influxdb/copy-catchup} in points/s on a 200,000-point tenant under 500 points/s of writes over the default
 * WAN (20 ms each way between the sites, HTTP and RPC alike), side by side with the plain write of the same points
 * (the seed: 5,000-line requests one after the other, as {@code influx -import} sends them) and with a profile of
 * the copy's parts (reading the source over the WAN and locally, converting to line protocol; the plain write over
 * the WAN through the same proxy, 1 and 4 streams; the copy alone for several parallelisms and chunks interleaved
 * with the plain local write, with the CPU seconds of both influxd and this JVM), each figure beside the machine's
 * load average, since the ratios are what a shared machine can compare; the read gap a reader
 * polling through the routing sees around the switch; and, for comparison, the write block of
 * {@code influxdb/backup-restore} on the same data, its RPC through the WAN too. Run with
 * {@code mvn -B -ntp verify -pl migration-injectors -am -Pbench -Dit.test=InfluxCopyBench -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}.
 */
class InfluxCopyBench {

    private static final Path DIR = Path.of("target", "influx-bench").toAbsolutePath();
    /** The sandbox's default one-way edge↔cloud delay. */
    private static final Duration WAN = Duration.ofMillis(20);

    @Test
    void copyRateAndReadGap() throws Exception {
        InfluxMigrationsIT.deleteTree(DIR);
        try (InfluxServer cloud = new InfluxServer(InfluxServer.Options.defaults("influx-cloud-bench", DIR.resolve("cloud")));
             InfluxServer edge = new InfluxServer(InfluxServer.Options.defaults("influx-edge-bench", DIR.resolve("edge")))) {
            cloud.start();
            edge.start();
            try (DelayProxy cloudHttp = DelayProxy.start(cloud.httpPort(), WAN);
                 DelayProxy edgeHttp = DelayProxy.start(edge.httpPort(), WAN);
                 DelayProxy cloudRpc = DelayProxy.start(rpcPort(cloud), WAN);
                 DelayProxy edgeRpc = DelayProxy.start(rpcPort(edge), WAN)) {
                run(cloud, edge, cloudHttp, edgeHttp, cloudRpc, edgeRpc);
            }
        }
    }

    private static void run(InfluxServer cloud, InfluxServer edge, DelayProxy cloudHttp, DelayProxy edgeHttp,
                            DelayProxy cloudRpc, DelayProxy edgeRpc) throws Exception {
        int history = Integer.getInteger("bench.points", 200_000);
        Map<String, InfluxClient> apis = Map.of("cloud", new InfluxClient(cloud.url(), Duration.ofSeconds(30)),
                "edge", new InfluxClient(edge.url(), Duration.ofSeconds(30)));
        for (String alias : List.of("influxdb/copy-catchup", "influxdb/backup-restore")) {
            String tenant = alias.endsWith("copy-catchup") ? "copybench" : "backupbench";
            SimpleTenantRouting routing = new SimpleTenantRouting(Map.of(
                    "cloud", endpoints("cloud", cloud.url(), cloud.rpcAddress()),
                    "edge", endpoints("edge", edge.url(), edge.rpcAddress())))
                    .viaWan("cloud", "edge", endpoints("cloud", url(cloudHttp), address(cloudRpc)))
                    .viaWan("edge", "cloud", endpoints("edge", url(edgeHttp), address(edgeRpc)))
                    .addTenant(tenant, "cloud");
            apis.get("cloud").createDatabase("tenant_" + tenant);
            InfluxLoadWriter writer = new InfluxLoadWriter(routing, apis, tenant, 100, 500);
            Duration plainWrite = writer.seed("cloud", history, Duration.ofHours(6));
            System.out.printf(Locale.ROOT, "MEASURE %s: plain write of the %d history points: %d ms = %.0f points/s%n",
                    alias, history, plainWrite.toMillis(), history / (plainWrite.toNanos() / 1e9));
            System.out.printf(Locale.ROOT, "MEASURE %s: load average before the run %s%n", alias, loadAverage());
            double plainWan = 0;
            if (alias.endsWith("copy-catchup")) {
                profileRead(alias, new InfluxClient(url(cloudHttp), Duration.ofSeconds(30)), "over the WAN",
                        "tenant_" + tenant, history);
                profileRead(alias, apis.get("cloud"), "locally", "tenant_" + tenant, history);
                plainWan = plainWriteOverWan(alias, apis.get("cloud"), new InfluxClient(url(edgeHttp),
                        Duration.ofSeconds(30)), apis.get("edge"), "tenant_" + tenant, history);
                copyAloneBesidePlainWrite(alias, cloud, edge, new InfluxClient(url(cloudHttp), Duration.ofSeconds(30)),
                        apis.get("cloud"), apis.get("edge"), "tenant_" + tenant, history);
            }
            CpuClock cpu = new CpuClock(cloud.pid(), edge.pid());
            List<long[]> reads = new CopyOnWriteArrayList<>(); // {nanos, ok 0/1, count}
            Thread reader = reader(routing, apis, tenant, reads);
            InjectorFactory factory = InjectorFactories.installed().require(alias);
            List<String> problems = new ArrayList<>();
            OptionValues options = OptionValues.validate("options", Map.of(), factory.options(), problems);
            assertThat(problems).isEmpty();
            InjectionOutcome outcome;
            double copyMs;
            double cutoverAt;
            try (TimelineWriter timeline = new TimelineWriter(Files.createDirectories(DIR).resolve(tenant + ".jsonl"),
                    RunClock.startingNow())) {
                writer.start();
                reader.start();
                long t0 = System.nanoTime();
                outcome = new InjectionRunner(routing, timeline, Files.createDirectories(DIR.resolve("run")))
                        .run(new InjectionSpec("bench-" + tenant, alias, tenant, "cloud", "edge"), options);
                long runNanos = System.nanoTime() - t0;
                Thread.sleep(1_000); // keep reading and writing 1 s after the switch
                reader.interrupt();
                reader.join();
                writer.close();
                var marks = timeline.marks();
                String first = alias.endsWith("copy-catchup") ? "copy" : "backup";
                double from = marks.stream().filter(m -> first.equals(m.attribute("phase"))).findFirst().orElseThrow().tMs();
                double to = marks.stream().filter(m -> "cutover".equals(m.attribute("phase"))).findFirst().orElseThrow().tMs();
                copyMs = to - from;
                cutoverAt = t0 + (to - marks.get(0).tMs()) * 1e6;
                long maxGapNanos = 0;
                long failedReads = 0;
                long regressions = 0;
                long previousOk = -1;
                long previousCount = -1;
                for (long[] r : reads) {
                    if (Math.abs(r[0] - cutoverAt) > 5e9) {
                        continue; // the 10 s around the switch
                    }
                    if (r[1] == 1) {
                        if (previousOk >= 0) {
                            maxGapNanos = Math.max(maxGapNanos, r[0] - previousOk);
                        }
                        if (r[2] < previousCount) {
                            regressions++;
                        }
                        previousOk = r[0];
                        previousCount = r[2];
                    } else {
                        failedReads++;
                    }
                }
                var v = outcome.verification().orElseThrow();
                double rate = v.checked() / (copyMs / 1000.0);
                System.out.printf(Locale.ROOT, "MEASURE %s: CPU seconds over the whole injection (verification "
                                + "included): source influxd %s, target influxd %s, this JVM (copier, proxies, load) %s; "
                                + "load average %s%n", alias, cpu.sourceSeconds(), cpu.targetSeconds(), cpu.jvmSeconds(),
                        loadAverage());
                System.out.printf(Locale.ROOT, "MEASURE %s: ratio copy ÷ plain local write %.2f%s%n", alias,
                        rate / (history / (plainWrite.toNanos() / 1e9)),
                        plainWan > 0 ? String.format(Locale.ROOT, ", copy ÷ plain write over the WAN %.2f", rate / plainWan)
                                : "");
                System.out.printf(Locale.ROOT, "MEASURE %s: %d history points + 500 points/s of writes: finished=%s "
                                + "verification=%s lost=%d; %s→cutover %.0f ms = %.0f points/s; whole injection %d ms; "
                                + "longest write block %d ms; reads ±5 s around the switch: max gap between successful "
                                + "reads %.0f ms, failed reads %d, reads that saw fewer points than the previous %d%n",
                        alias, history, outcome.finished(),
                        v.isUndecided() ? "undecided" : v.mismatches().isEmpty() ? "same" : "differs", v.lost(), first, copyMs,
                        v.checked() / (copyMs / 1000.0), runNanos / 1_000_000,
                        routing.longestBlock(tenant, Store.INFLUXDB).toMillis(), maxGapNanos / 1e6, failedReads,
                        regressions);
            }
            assertThat(outcome.finished()).as(outcome.failureReason().orElse("")).isTrue();
        }
    }

    private static SiteEndpoints endpoints(String site, String influxUrl, String rpcAddress) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "-", "-", "127.0.0.1:1",
                influxUrl, "tcp://127.0.0.1:1").withAddress(InfluxRpcAddress.STORE, rpcAddress);
    }

    private static int rpcPort(InfluxServer server) {
        String a = server.rpcAddress();
        return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
    }

    private static String url(DelayProxy proxy) {
        return "http://" + address(proxy);
    }

    private static String address(DelayProxy proxy) {
        return proxy.host() + ":" + proxy.port();
    }

    /**
     * The profile of a copy's reading side, one stream as one reader of the copy reads: every point of
     * {@code database} streamed in 5,000-row chunks ({@code GROUP BY *}) and dropped, then streamed and converted to
     * line-protocol request bodies (the copy's work without its writes).
     */
    private static void profileRead(String alias, InfluxClient api, String how, String database, int points)
            throws Exception {
        MeasurementSchema schema = MeasurementSchema.read(api, database).get(0);
        String select = "SELECT * FROM \"events\" GROUP BY *";
        long[] rows = {0, 0};
        long t0 = System.nanoTime();
        api.streamRows(database, select, 5_000, new InfluxClient.RowSink() {
            @Override
            public void series(String name, Map<String, String> tags, List<String> columns) {
            }

            @Override
            public void row(Object[] values) {
                rows[0]++;
            }
        });
        long read = System.nanoTime() - t0;
        t0 = System.nanoTime();
        LineProtocol encoder = new LineProtocol(schema, "ns", 5_000, batch -> rows[1] += batch.points());
        api.streamRows(database, select, 5_000, encoder);
        encoder.finish();
        long converted = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "MEASURE %s profile: read %s %d points in %d ms = %.0f points/s; read and "
                        + "converted to line protocol in %d ms = %.0f points/s; load average %s%n", alias, how, rows[0],
                read / 1_000_000, rows[0] / (read / 1e9), converted / 1_000_000, rows[1] / (converted / 1e9),
                loadAverage());
        assertThat(rows[0]).isGreaterThanOrEqualTo(points);
    }

    /**
     * The plain write over the WAN, the reference that shows what the emulated link and the DelayProxy allow: the
     * same points, as line protocol, written through the WAN proxy into a scratch database of the other site in
     * 5,000-line requests one after the other ({@code influx -import}), then with 4 such streams at once. Returns the
     * single stream's points/s. The scratch database is dropped afterwards.
     */
    private static double plainWriteOverWan(String alias, InfluxClient source, InfluxClient overWan,
                                            InfluxClient targetLocal, String database, int points) throws Exception {
        MeasurementSchema schema = MeasurementSchema.read(source, database).get(0);
        List<LineProtocol.Batch> batches = new ArrayList<>();
        LineProtocol encoder = new LineProtocol(schema, "ns", 5_000, batches::add);
        source.streamRows(database, "SELECT * FROM \"events\" GROUP BY *", 5_000, encoder);
        encoder.finish();
        double single = 0;
        for (int streams : new int[] {1, 4}) {
            String scratch = "plainwan_" + streams;
            targetLocal.createDatabase(scratch);
            var next = new java.util.concurrent.atomic.AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            List<Exception> failures = new CopyOnWriteArrayList<>();
            long t0 = System.nanoTime();
            for (int s = 0; s < streams; s++) {
                Thread t = new Thread(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < batches.size()) {
                        try {
                            overWan.write(scratch, batches.get(i).body(), batches.get(i).points(), "ns");
                        } catch (Exception e) {
                            failures.add(e);
                            return;
                        }
                    }
                });
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) {
                t.join();
            }
            long took = System.nanoTime() - t0;
            assertThat(failures).isEmpty();
            double rate = points / (took / 1e9);
            single = streams == 1 ? rate : single;
            System.out.printf(Locale.ROOT, "MEASURE %s: plain write over the WAN, %d stream(s) of 5,000-line "
                            + "requests: %d points in %d ms = %.0f points/s; load average %s%n", alias, streams, points,
                    took / 1_000_000, rate, loadAverage());
            targetLocal.dropDatabase(scratch);
        }
        return single;
    }

    /**
     * The copy alone ({@link InfluxRangeCopy} from the source over the WAN into a scratch database of the target
     * site, for several parallelisms and chunks, no concurrent load) interleaved with the plain local write of the same points into
     * another scratch database of the target site, two rounds: wall time and CPU seconds of both servers and this
     * JVM for each, and the ratios of the best round, so that a busy machine skews both sides alike.
     */
    private static void copyAloneBesidePlainWrite(String alias, InfluxServer sourceServer, InfluxServer targetServer,
                                                  InfluxClient sourceOverWan, InfluxClient sourceLocal,
                                                  InfluxClient targetLocal, String database, int points)
            throws Exception {
        List<MeasurementSchema> schemas = MeasurementSchema.read(sourceLocal, database);
        List<LineProtocol.Batch> batches = new ArrayList<>();
        LineProtocol encoder = new LineProtocol(schemas.get(0), "ns", 5_000, batches::add);
        sourceLocal.streamRows(database, "SELECT * FROM \"events\" GROUP BY *", 5_000, encoder);
        encoder.finish();
        Map<String, Double> best = new java.util.TreeMap<>();
        for (int round = 1; round <= 2; round++) {
            for (String config : List.of("plain", "1x10m", "4x10m", "4x60m", "4x360m")) {
                int streams = config.equals("plain") ? 0 : Integer.parseInt(config.substring(0, 1));
                Duration chunk = streams == 0 ? Duration.ZERO
                        : Duration.ofMinutes(Long.parseLong(config.substring(2, config.length() - 1)));
                String scratch = "alone_" + streams + "_" + chunk.toMinutes() + "_" + round;
                targetLocal.createDatabase(scratch);
                CpuClock cpu = new CpuClock(sourceServer.pid(), targetServer.pid());
                long t0 = System.nanoTime();
                long n;
                if (streams == 0) {
                    for (LineProtocol.Batch b : batches) {
                        targetLocal.write(scratch, b.body(), b.points(), "ns");
                    }
                    n = points;
                } else {
                    InfluxRangeCopy copy = new InfluxRangeCopy(sourceOverWan, targetLocal, database, scratch, 5_000,
                            0, "ns", streams);
                    n = copy.copy(schemas, copy.firstTime(schemas).orElseThrow(),
                            copy.lastTime(schemas).orElseThrow() + 1, chunk);
                }
                long took = System.nanoTime() - t0;
                double rate = n / (took / 1e9);
                String what = streams == 0 ? "plain local write (5,000-line requests, one stream)"
                        : "copy alone over the WAN, parallelism " + streams + ", chunk " + chunk.toMinutes() + " min";
                System.out.printf(Locale.ROOT, "MEASURE %s: round %d, %s: %d points in %d ms = %.0f points/s; CPU s: "
                                + "source influxd %s, target influxd %s, JVM %s; load average %s%n", alias, round, what,
                        n, took / 1_000_000, rate, cpu.sourceSeconds(), cpu.targetSeconds(), cpu.jvmSeconds(),
                        loadAverage());
                best.merge(config, rate, Math::max);
                targetLocal.dropDatabase(scratch);
            }
        }
        double plain = best.remove("plain");
        best.forEach((config, rate) -> System.out.printf(Locale.ROOT, "MEASURE %s: copy alone (parallelism x chunk "
                + "%s) ÷ plain local write, best of 2 rounds each: %.2f (%.0f vs %.0f points/s)%n", alias, config,
                rate / plain, rate, plain));
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** CPU time used since construction by the two influxd processes (from /proc) and by this JVM. */
    private static final class CpuClock {
        private final long sourcePid;
        private final long targetPid;
        private final double source0;
        private final double target0;
        private final double jvm0;

        CpuClock(long sourcePid, long targetPid) {
            this.sourcePid = sourcePid;
            this.targetPid = targetPid;
            this.source0 = seconds(sourcePid);
            this.target0 = seconds(targetPid);
            this.jvm0 = jvm();
        }

        String sourceSeconds() {
            return String.format(Locale.ROOT, "%.1f", seconds(sourcePid) - source0);
        }

        String targetSeconds() {
            return String.format(Locale.ROOT, "%.1f", seconds(targetPid) - target0);
        }

        String jvmSeconds() {
            return String.format(Locale.ROOT, "%.1f", jvm() - jvm0);
        }

        private static double jvm() {
            return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        }

        private static double seconds(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks
            } catch (java.io.IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
    }

    /** Reads the tenant's point count of one device through the routing every 20 ms, like the REST listing. */
    private static Thread reader(SimpleTenantRouting routing, Map<String, InfluxClient> apis, String tenant,
                                 List<long[]> reads) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                try {
                    var rows = apis.get(routing.siteOf(tenant, Store.INFLUXDB)).rows("tenant_" + tenant,
                            "SELECT count(\"eid\") FROM \"events\" WHERE \"device\" = 'dev-0'");
                    reads.add(new long[] {now, 1, rows.isEmpty() ? 0 : rows.get(0).path(1).asLong()});
                } catch (Exception e) {
                    reads.add(new long[] {now, 0, 0});
                }
                try {
                    Thread.sleep(20); // reader's polling interval
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "reader-" + tenant);
        t.setDaemon(true);
        return t;
    }
}
