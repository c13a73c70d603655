package io.contmig.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.gate.Verdict;
import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.inject.Migration;
import io.contmig.inject.VerificationResult;
import io.contmig.inject.Verifier;
import io.contmig.options.OptionSpec;
import io.contmig.options.PhaseSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.InjectorCatalog;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.FaultKind;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import io.contmig.record.RunRecord;
import io.contmig.report.Reports;
import io.contmig.report.RunReport;
import io.contmig.runner.check.StoreCheck;
import io.contmig.runner.check.StoreChecker;
import io.contmig.target.FaultControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole bench in seconds, without a server: a {@link FakeTarget}, a {@link FakeLoad}, an in-memory cross-store
 * check and one scripted migration given through an explicit {@link InjectorFactories}, then the reports' verdict.
 * 2.5 s of load per run.
 */
@Timeout(60)
class BenchRunnerTest {

    private static final String SCENARIO = """
            name: fake-bench
            seed: 7
            duration: 2500ms
            target: sandbox
            tenants:
              - { name: acme, site: cloud, devices: 1 }
              - { name: globex, site: cloud, devices: 1 }
            injections:
              - name: move-acme
                at: 500ms
                migration: { store: postgresql, strategy: stop-and-copy, tenant: acme, to: edge, options: {} }
            windows: { baseline: 500ms, settle: 0s, after: 500ms }
            gates:
              - "lost == 0"
            """;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    /** Fault injections added to the scenario (before {@code windows:}), and where the bench sends them. */
    private String faultInjections = "";
    private FaultControl faultControl;
    /** Events of acme the fake stores "lose". */
    private final AtomicLong acmeLost = new AtomicLong();

    /** What the script of the one migration does. */
    private record Script(VerificationResult verification, boolean failInject, boolean failHeal) {
    }

    /** The scenario's one migration, and with {@code placement} a stage move of acme at 1.5 s too. */
    private static BenchPlan plan(boolean placement) throws Exception {
        String scenario = !placement ? SCENARIO : SCENARIO.replace("windows:", """
                  - name: move-acme-stage
                    at: 1500ms
                    placement: { kind: sandbox-site, tenant: acme, to: edge, options: {} }
                windows:""");
        return PlanResolver.standard(Map.of("postgresql/stop-and-copy", List.<OptionSpec>of(),
                        "placement/sandbox-site", List.<OptionSpec>of()))
                .resolve(ScenarioSource.text("fake.yaml", scenario), Overrides.NONE);
    }

    /** One injector alias, the plan's, made by a factory the runner is given (not found by ServiceLoader). */
    private static InjectorFactories factories(Script script) {
        return InjectorFactories.of(List.of(new InjectorFactory() {
            public String alias() { return "postgresql/stop-and-copy"; }
            public List<PhaseSpec> phases() { return List.of(PhaseSpec.of("copy", "sleeps"), PhaseSpec.of("cutover", "marks its phase"),
                    PhaseSpec.of("cleanup", "declared, never announced")); }
            public List<OptionSpec> options() { return List.of(); }
            public Injector create(InjectionSpec spec, OptionValues options) { return new ScriptedMigration(script); }
        }, new InjectorFactory() {
            public String alias() { return "placement/sandbox-site"; }
            public List<PhaseSpec> phases() { return List.of(PhaseSpec.of("move", "marks its phase")); }
            public List<OptionSpec> options() { return List.of(); }
            public Injector create(InjectionSpec spec, OptionValues options) { return new StageMove(); }
        }));
    }

    /** A placement: phases only, no verifier (its tenant's cross-store check verifies it). */
    private static final class StageMove implements io.contmig.inject.PlacementChange {
        @Override
        public void prepare(InjectionContext ctx) {
        }

        @Override
        public void inject(InjectionContext ctx) {
            ctx.phase("move");
        }

        @Override
        public void heal(InjectionContext ctx) {
        }
    }

    private static final class ScriptedMigration implements Migration {
        private final Script script;

        ScriptedMigration(Script script) {
            this.script = script;
        }

        @Override
        public void prepare(InjectionContext ctx) {
        }

        @Override
        public void inject(InjectionContext ctx) throws Exception {
            ctx.phase("copy");
            Thread.sleep(200);
            if (script.failInject()) {
                throw new IllegalStateException("copy broke");
            }
            ctx.phase("cutover");
        }

        @Override
        public void heal(InjectionContext ctx) {
            if (script.failHeal()) {
                throw new IllegalStateException("write block still held");
            }
        }

        @Override
        public Verifier verifier() {
            return ctx -> script.verification();
        }
    }

    /** Kafka and InfluxDB of each tenant hold every acknowledged event except {@link #acmeLost} of acme's. */
    private StoreChecker checker() {
        return (routing, acked) -> {
            List<StoreCheck> checks = new ArrayList<>();
            for (String tenant : acked.tenants()) {
                long[] expected = {0};
                acked.deviceIds(tenant).keySet().forEach(d -> acked.forEachAcknowledged(tenant, d, seq -> expected[0]++));
                long lost = tenant.equals("acme") ? acmeLost.get() : 0;
                for (String store : List.of("kafka", "influxdb")) {
                    checks.add(new StoreCheck(store, tenant, "edge", expected[0], lost, 0, 0, 0,
                            lost > 0 ? List.of(tenant + "-d1:3") : List.of()));
                }
            }
            return checks;
        };
    }

    private RunReport bench(String runId, Script script) throws Exception {
        return bench(runId, script, false);
    }

    private RunReport bench(String runId, Script script, boolean placement) throws Exception {
        BenchPlan plan = faultInjections.isEmpty() ? plan(placement) : PlanResolver.standard(InjectorCatalog.of(
                        factories(script).catalog().all())).resolve(ScenarioSource.text("fake.yaml",
                        SCENARIO.replace("windows:", faultInjections + "windows:")), Overrides.NONE);
        Path runDir = dir.resolve(runId);
        BenchParts parts = new BenchParts(factories(script), (p, target, rd, out) -> new FakeLoad(p), checker());
        try (FakeTarget target = new FakeTarget(faultControl)) {
            new BenchRunner(plan, runId, runDir, new PrintStream(console, true, StandardCharsets.UTF_8), "test", parts)
                    .run(target);
        }
        return Reports.writeAll(RunRecord.open(runDir), runDir);
    }

    private static VerificationResult rows(long checked) {
        return VerificationResult.compared("rows of acme's tables", checked, 0, 0, List.of(), Map.of());
    }

    @Test
    void aCleanRunPassesAndSaysWhatItChecked() throws Exception {
        RunReport report = bench("pass", new Script(rows(120), false, false));

        assertThat(report.verdict()).as("%s", report.reasons()).isEqualTo(Verdict.PASS);
        assertThat(report.target()).isEqualTo("fake");
        var v = report.injections().get(0).verification();
        assertThat(v.checked()).isEqualTo(120);
        assertThat(v.checks()).hasSize(3).first().asString().isEqualTo("verifier: 120 checked (rows of acme's tables), 0 lost, 0 duplicated");
        assertThat(report.checked()).singleElement().asString().startsWith("verification of 'move-acme' PASS: verifier: 120");
        assertThat(report.operations().get("mqtt.e2e").count()).isGreaterThan(100);

        Path run = dir.resolve("pass");
        for (String file : List.of("plan.json", "timeline.jsonl", "latency.hlog", "verification/move-acme.json",
                "verification/cross-store.json", "report.json", "verdict.json", "junit.xml", "report/index.html")) {
            assertThat(run.resolve(file)).as(file).isNotEmptyFile();
        }
        ObjectMapper json = new ObjectMapper();
        JsonNode own = json.readTree(run.resolve("verification/move-acme.json").toFile());
        // Written once by the injection runner, as facts: the runner neither merged the cross-store check into it
        // nor judged it.
        assertThat(own.has("verdict")).isFalse();
        assertThat(own.has("crossStore")).isFalse();
        assertThat(own.path("checked").asLong()).isEqualTo(120);
        JsonNode cross = json.readTree(run.resolve("verification/cross-store.json").toFile()).path("checks");
        assertThat(cross).hasSize(4);
        assertThat(cross.get(0).path("expected").asLong()).isPositive();
        assertThat(json.readTree(run.resolve("plan.json").toFile()).path("target").asText()).isEqualTo("fake");
        assertThat(json.readTree(run.resolve("verdict.json").toFile()).path("verdict").asText()).isEqualTo("PASS");
    }

    @Test
    void aPlacementIsVerifiedByItsTenantsCrossStoreCheck() throws Exception {
        RunReport report = bench("placement", new Script(rows(120), false, false), true);

        assertThat(report.verdict()).as("%s", report.reasons()).isEqualTo(Verdict.PASS);
        var stage = report.injections().get(1);
        assertThat(stage.kind()).isEqualTo("placement");
        assertThat(stage.verification().checked()).as("acme's acknowledged events").isGreaterThan(50);
        assertThat(stage.verification().checks()).allMatch(c -> c.contains("acknowledged events of acme"));
        assertThat(dir.resolve("placement/verification/move-acme-stage.json")).doesNotExist();
        acmeLost.set(1);
        assertThat(bench("placement-lost", new Script(rows(120), false, false), true).injections().get(1).verdict())
                .isEqualTo(Verdict.FAIL);
    }

    @Test
    void theTestOnlySampleStrategyRunsThroughTheRegistryItShipsIn() throws Exception {
        // sample/noop-copy comes from migration-injectors' test jar with its own services line: no core edit.
        InjectorFactories installed = InjectorFactories.installed();
        BenchPlan plan = PlanResolver.standard(installed.catalog()).resolve(ScenarioSource.text("sample.yaml",
                SCENARIO.replace("{ store: postgresql, strategy: stop-and-copy, tenant: acme, to: edge, options: {} }",
                        "{ store: sample, strategy: noop-copy, tenant: acme, to: edge, options: { items: 5 } }")),
                Overrides.NONE);
        Path runDir = dir.resolve("sample");
        try (FakeTarget target = new FakeTarget()) {
            new BenchRunner(plan, "sample", runDir, new PrintStream(console, true, StandardCharsets.UTF_8), "test",
                    new BenchParts(installed, (p, t, rd, out) -> new FakeLoad(p), checker())).run(target);
        }
        RunReport report = Reports.writeAll(RunRecord.open(runDir), runDir);

        assertThat(report.verdict()).as("%s", report.reasons()).isEqualTo(Verdict.PASS);
        assertThat(report.injections().get(0).attributes()).containsEntry("store", "sample")
                .containsEntry("strategy", "noop-copy");
        assertThat(report.injections().get(0).verification().checked()).isEqualTo(5);
    }

    @Test
    void aVerifierThatCheckedNothingMakesTheRunUnknown() throws Exception {
        RunReport report = bench("zero", new Script(rows(0), false, false));
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.reasons()).contains("verification of 'move-acme' UNKNOWN: nothing was checked (checked = 0)");
    }

    @Test
    void aLostEventFailsTheRun() throws Exception {
        acmeLost.set(1);
        RunReport report = bench("lost", new Script(rows(120), false, false));
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.injections().get(0).verification().lost()).isEqualTo(2);
        assertThat(report.gates().get(0).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void aFailedInjectionMakesTheRunUnknownNeverPass() throws Exception {
        RunReport report = bench("failed", new Script(rows(120), true, false));
        assertThat(report.injections().get(0).outcome()).isEqualTo("failed");
        // The reports' rule (WindowEdgeCasesTest): a failed injection measured nothing to judge, so its run is
        // UNKNOWN, never PASS; its verification is undecided with the failure as the cause.
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.reasons()).contains("injection 'move-acme' failed: copy broke",
                "verification of 'move-acme' UNKNOWN: injection failed: copy broke");
    }

    @Test
    void aFailedHealMakesTheRunUnknown() throws Exception {
        RunReport report = bench("heal", new Script(rows(120), false, true));
        assertThat(report.injections().get(0).healFailure()).isEqualTo("write block still held");
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.reasons()).contains("heal of injection 'move-acme' failed: write block still held");
    }

    @Test
    void faultsRunAtTheirTriggersOverlapTheMigrationHealAndAreJudged() throws Exception {
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        faultControl = fault -> {
            if (fault.kind() == FaultKind.PAUSE) {
                throw new IllegalStateException("no such process");
            }
            calls.add("start " + fault.kind().label() + " " + fault.target());
            return () -> calls.add("heal " + fault.kind().label() + " " + fault.target());
        };
        faultInjections = """
                  - name: cut-wan
                    at: { injection: move-acme, phase: cutover, offset: 100ms }
                    fault: { kind: partition, link: edgeToCloud, for: 300ms }
                  - { name: crash, at: 1200ms, fault: { kind: kill, server: edge.kafka, for: 200ms } }
                  - { name: freeze, at: 1300ms, fault: { kind: pause, server: cloud.postgres, for: 200ms } }
                  - { name: late, at: 2400ms, fault: { kind: site-outage, site: edge, for: 5s } }
                  - name: never
                    at: { injection: move-acme, phase: cleanup }
                    fault: { kind: delay, link: devicesToEdge, for: 1s, delay: 100ms }
                """;

        RunReport report = bench("faults", new Script(rows(120), false, false));

        assertThat(calls).containsExactly("start partition edgeToCloud", "heal partition edgeToCloud",
                "start kill edge.kafka", "heal kill edge.kafka", "start site-outage edge", "heal site-outage edge");
        var byName = new java.util.HashMap<String, io.contmig.report.InjectionReport>();
        report.injections().forEach(i -> byName.put(i.name(), i));
        var cut = byName.get("cut-wan");
        assertThat(cut.kind()).isEqualTo("fault");
        assertThat(cut.attributes()).containsEntry("fault", "partition").containsEntry("link", "edgeToCloud");
        // "start": the moment between the injection's start and its first phase mark, so that phases cover during.
        assertThat(cut.phases()).extracting(io.contmig.report.WindowResult::name)
                .containsExactly("start", "fault", "heal");
        var move = byName.get("move-acme");
        double cutover = move.phases().stream().filter(p -> p.name().equals("cutover")).findFirst().orElseThrow()
                .startMs();
        assertThat(cut.startMs()).as("100 ms after the cutover began").isBetween(cutover + 90, cutover + 600);
        assertThat(cut.endMs() - cut.startMs()).as("held for its 300 ms").isBetween(290.0, 1000.0);
        // The fault of the last seconds was healed when the load ended, not after its 5 s.
        assertThat(byName.get("late").endMs()).isLessThan(2600 + 1000);
        assertThat(byName.get("freeze").outcome()).isEqualTo("failed");
        assertThat(cut.verification().checked()).as("every tenant's acknowledged events").isGreaterThan(50);
        assertThat(cut.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.reasons()).contains("injection 'freeze' failed: no such process");
        String timeline = Files.readString(dir.resolve("faults/timeline.jsonl"));
        assertThat(timeline).contains("\"kind\":\"fault-not-triggered\"", "\"injection\":\"never\"");
        assertThat(Files.readString(dir.resolve("faults/report/index.html"))).contains("class=\"injection fault\" data-injection=\"cut-wan\"");
        assertThat(Files.readString(dir.resolve("faults/report.json"))).contains("\"fault\" : \"partition\"");
    }
}
