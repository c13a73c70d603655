package io.contmig.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.load.GeneratorShare;
import io.contmig.load.PlanLoads;
import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.PhaseSpec;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import io.contmig.record.Mark;
import io.contmig.record.RunRecord;
import io.contmig.report.Reports;
import io.contmig.report.RunReport;
import io.contmig.runner.check.StoreChecker;
import io.contmig.runner.generate.GeneratorsLoad;
import io.contmig.runner.generate.LocalJvmGenerators;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same seeded plan run in the runner's JVM and split over three child JVMs ({@code load.generators: { count: 3,
 * executor: local }}): the merged {@code latency.hlog} holds exactly the samples of the in-process run, the union of
 * the generators' acknowledged events is the in-process set, phase boundaries reached the generators, and each
 * generator's clock offset is in the timeline. Real processes, a load without a server
 * ({@link SyntheticGeneratorLoad}).
 */
@Timeout(180)
class GeneratorsBenchTest {

    private static final String SCENARIO = """
            name: generators
            seed: 99
            duration: 3s
            target: sandbox
            tenants:
              - { name: acme, site: cloud, devices: 4 }
              - { name: globex, site: cloud, devices: 3 }
            load:
              mqtt: { ratePerDevice: 25, arrivals: poisson }
            GENERATORS
            injections:
              - name: move-acme-stage
                at: 1s
                placement: { kind: sandbox-site, tenant: acme, to: edge, options: {} }
            windows: { baseline: 500ms, settle: 0s, after: 500ms }
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private static InjectorFactories injectors() {
        return InjectorFactories.of(List.of(new InjectorFactory() {
            public String alias() { return "placement/sandbox-site"; }
            public List<PhaseSpec> phases() { return List.of(PhaseSpec.of("move", "marks its phase")); }
            public List<OptionSpec> options() { return List.of(); }
            public Injector create(InjectionSpec spec, OptionValues options) {
                return new io.contmig.inject.PlacementChange() {
                    public void prepare(InjectionContext ctx) { }
                    public void inject(InjectionContext ctx) throws InterruptedException {
                        ctx.phase("move");
                        Thread.sleep(400); // the phase's length, which the generators must attribute
                    }
                    public void heal(InjectionContext ctx) { }
                };
            }
        }));
    }

    private static BenchPlan plan(String generators) throws Exception {
        return PlanResolver.standard(injectors().catalog()).resolve(ScenarioSource.text("g.yaml",
                SCENARIO.replace("GENERATORS", generators)), Overrides.NONE);
    }

    /** The plan's devices as if provisioned: ids and assignments made up. */
    private static SiteWhereLoad.Fleets fleets(BenchPlan plan) {
        Map<String, List<ProvisionedFleet.ProvisionedDevice>> devices = new LinkedHashMap<>();
        for (TenantDevices t : PlanLoads.deviceNames(plan)) {
            devices.put(t.tenant(), t.devices().stream().map(d -> new ProvisionedFleet.ProvisionedDevice(d.token(),
                    "id-" + d.token(), "asg-" + d.token())).toList());
        }
        ProvisionedFleet.Counts none = new ProvisionedFleet.Counts(0, 0, 0);
        return new SiteWhereLoad.Fleets(new ProvisionedFleet(devices, none, none),
                new ProvisionedFleet(Map.of(), none, none));
    }

    /** Runs {@code plan} with {@code load}; the acknowledged count per {@code tenant/token} the checker saw. */
    private Map<String, Long> run(BenchPlan plan, String runId, BenchLoad.Factory load) throws Exception {
        Map<String, Long> acked = new TreeMap<>();
        StoreChecker checker = (routing, events) -> {
            for (String tenant : events.tenants()) {
                events.deviceIds(tenant).keySet().forEach(d -> events.forEachAcknowledged(tenant, d,
                        seq -> acked.merge(tenant + "/" + d, 1L, Long::sum)));
            }
            return List.of();
        };
        try (FakeTarget target = new FakeTarget()) {
            new BenchRunner(plan, runId, dir.resolve(runId), new PrintStream(console, true, StandardCharsets.UTF_8),
                    "test", new BenchParts(injectors(), load, checker)).run(target);
        }
        return acked;
    }

    /** Per operation tag (1 s intervals added over the run): "count p50 p99 max"; and the epoch tags' counts. */
    private static Map<String, String> totals(Path runDir) throws Exception {
        Map<String, Histogram> sums = new TreeMap<>();
        RunRecord.open(runDir).forEachInterval((tag, start, end, h) -> {
            if (tag.contains(".gap") || tag.contains("~")) {
                return;
            }
            String key = tag.contains("#") ? tag.substring(0, tag.indexOf('#')) + "#epochs" : tag;
            sums.computeIfAbsent(key, k -> new Histogram(3)).add(h);
        });
        Map<String, String> out = new TreeMap<>();
        sums.forEach((tag, h) -> out.put(tag, tag.endsWith("#epochs") ? "~" + h.getTotalCount() / 20
                : h.getTotalCount() + " " + h.getValueAtPercentile(50) + " " + h.getValueAtPercentile(99) + " "
                + h.getMaxValue()));
        return out;
    }

    @Test
    void threeChildJvmsRecordWhatTheRunnersJvmRecords() throws Exception {
        BenchPlan one = plan("");
        BenchPlan three = plan("  generators: { count: 3, executor: local }");
        assertThat(three.seed()).isEqualTo(one.seed());

        Map<String, Long> ackedOne = run(one, "one", (p, t, rd, out) -> new SyntheticGeneratorLoad.Load(p,
                GeneratorShare.ALL));
        Map<String, Long> ackedThree = run(three, "three", (p, t, rd, out) -> new GeneratorsLoad(p, t, rd, out,
                new LocalJvmGenerators(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1")), (pl, tg, c) -> fleets(pl),
                SyntheticGeneratorLoad.class, Duration.ofMinutes(2)));

        assertThat(ackedOne).hasSize(7).allSatisfy((device, n) -> assertThat(n).isGreaterThan(20));
        assertThat(ackedThree).isEqualTo(ackedOne);
        Map<String, String> expected = totals(dir.resolve("one"));
        Map<String, String> merged = totals(dir.resolve("three"));
        // Every sample, exactly (same seed, same schedules, latencies a function of device and seq)...
        assertThat(expected).containsKeys("mqtt.e2e", "mqtt.e2e@acme", "mqtt.e2e@globex", "mqtt.e2e#epochs");
        expected.forEach((tag, value) -> {
            if (!tag.endsWith("#epochs")) {
                assertThat(merged.get(tag)).as(tag).isEqualTo(value);
            }
        });
        // ...and phase boundaries reached the generators: their samples of the injection's epochs are attributed
        // (to within the boundaries' forwarding delay, which moves a few samples to the neighbouring epoch).
        assertThat(merged).containsKey("mqtt.e2e#epochs");

        Path run = dir.resolve("three");
        for (int g = 0; g < 3; g++) {
            assertThat(run.resolve("generators/" + g + "/latency.hlog")).isNotEmptyFile();
            assertThat(run.resolve("generators/" + g + "/acks.tsv")).isNotEmptyFile();
        }
        assertThat(run.resolve("generators/merge.json")).isNotEmptyFile();
        List<Mark> finished = RunRecord.open(run).marks().stream().filter(m -> m.kind().equals("generator-finished"))
                .toList();
        assertThat(finished).hasSize(3).allSatisfy(m -> {
            assertThat(m.attributes()).containsKeys("clockOffsetMicros", "clockRttMicros", "acknowledged");
            // One machine, one wall clock: the measured offset is the probe's error, well under a millisecond...
            // on a loaded CI machine, under 50 ms.
            assertThat(Math.abs(((Number) m.attributes().get("clockOffsetMicros")).longValue())).isLessThan(50_000);
        });
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("clock offsets vs the runner: 0: ")
                .contains("[contmig] merged 4 latency logs");

        RunReport report = Reports.writeAll(RunRecord.open(run), run);
        RunReport reportOne = Reports.writeAll(RunRecord.open(dir.resolve("one")), dir.resolve("one"));
        assertThat(report.operations().get("mqtt.e2e").count()).isEqualTo(reportOne.operations().get("mqtt.e2e").count());
        JsonNode plan = new ObjectMapper().readTree(run.resolve("plan.json").toFile());
        assertThat(plan.path("load").path("generators").path("count").asInt()).isEqualTo(3);
    }
}
