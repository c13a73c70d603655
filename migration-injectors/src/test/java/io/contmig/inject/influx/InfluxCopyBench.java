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
import io.contmig.servers.InfluxServer;
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
 * {@code influxdb/copy-catchup} in points/s on a 200,000-point tenant under 500 points/s of writes, the read gap a
 * reader polling through the routing sees around the switch, and, for comparison, the write block of
 * {@code influxdb/backup-restore} on the same data. Run with
 * {@code mvn -o verify -pl migration-injectors -Dit.test=InfluxCopyBench -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class InfluxCopyBench {

    private static final Path DIR = Path.of("target", "influx-bench").toAbsolutePath();

    @Test
    void copyRateAndReadGap() throws Exception {
        InfluxMigrationsIT.deleteTree(DIR);
        int history = Integer.getInteger("bench.points", 200_000);
        try (InfluxServer cloud = new InfluxServer(InfluxServer.Options.defaults("influx-cloud-bench", DIR.resolve("cloud")));
             InfluxServer edge = new InfluxServer(InfluxServer.Options.defaults("influx-edge-bench", DIR.resolve("edge")))) {
            cloud.start();
            edge.start();
            Map<String, InfluxHttpApi> apis = Map.of("cloud", new InfluxHttpApi(cloud.url(), Duration.ofSeconds(30)),
                    "edge", new InfluxHttpApi(edge.url(), Duration.ofSeconds(30)));
            for (String alias : List.of("influxdb/copy-catchup", "influxdb/backup-restore")) {
                String tenant = alias.endsWith("copy-catchup") ? "copybench" : "backupbench";
                SimpleTenantRouting routing = new SimpleTenantRouting(Map.of(
                        "cloud", endpoints("cloud", cloud), "edge", endpoints("edge", edge))).addTenant(tenant, "cloud");
                apis.get("cloud").createDatabase("tenant_" + tenant);
                InfluxLoadWriter writer = new InfluxLoadWriter(routing, apis, tenant, 100, 500);
                writer.seed("cloud", history, Duration.ofHours(6));
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
    }

    private static SiteEndpoints endpoints(String site, InfluxServer server) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "-", "-", "127.0.0.1:1",
                server.url(), "tcp://127.0.0.1:1");
    }

    /** Reads the tenant's point count of one device through the routing every 20 ms, like the REST listing. */
    private static Thread reader(SimpleTenantRouting routing, Map<String, InfluxHttpApi> apis, String tenant,
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
