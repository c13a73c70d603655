package io.contmig.report;

import io.contmig.gate.Verdict;
import io.contmig.record.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Window cutting (see {@link Reports}) on small synthetic records whose per-second samples are easy to count. */
class WindowEdgeCasesTest {

    @TempDir
    Path dir;

    /** Op {@code x}: 10 samples in every second of [from, to), latency = the second in ms. */
    private static void steady(SyntheticRecord r, String op, String tenant, int from, int to) {
        for (int s = from; s < to; s++) {
            r.samples(s, op, tenant, true, 10, Math.max(1, s) * 1_000L, 0);
        }
    }

    private static RunReport analyze(SyntheticRecord r) throws IOException {
        RunRecord record = r.write();
        return Reports.analyze(record);
    }

    private static GateReport gate(RunReport report, String expression) {
        return report.gates().stream().filter(g -> g.expression().equals(expression)).findFirst().orElseThrow();
    }

    @Test
    void twoInjectionsCloseTogetherCutTheSecondBaselineAndWarnAboutTheOverlappingAfterWindow() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("close")).plan("{}");
        r.mark(0, "run-started", Map.of());
        r.injection(30_000, "a", "acme").finished(40_000, "a").healed(41_000, "a");
        r.injection(50_000, "b", "acme").finished(60_000, "b").healed(61_000, "b");
        r.mark(100_000, "run-finished", Map.of());
        steady(r, "x", null, 0, 100);
        RunReport report = analyze(r);

        InjectionReport a = report.injections().get(0);
        InjectionReport b = report.injections().get(1);
        // before of a: the full baseline [10 s, 30 s): intervals starting at 10..29 s, not the one at 30 s.
        assertThat(a.before().startMs()).isEqualTo(10_000);
        assertThat(a.before().operations().get("x").count()).isEqualTo(200);
        assertThat(a.during().operations().get("x").count()).isEqualTo(100);
        // after of a: [45 s, 65 s), although b runs inside it.
        assertThat(a.after().startMs()).isEqualTo(45_000);
        assertThat(a.after().endMs()).isEqualTo(65_000);
        assertThat(a.after().operations().get("x").count()).isEqualTo(200);
        // before of b: cut at a's end, [40 s, 50 s).
        assertThat(b.before().startMs()).isEqualTo(40_000);
        assertThat(b.before().endMs()).isEqualTo(50_000);
        assertThat(b.before().operations().get("x").count()).isEqualTo(100);
        assertThat(b.before().operations().get("x").throughputPerSec()).isEqualTo(10.0);
        assertThat(report.warnings())
                .contains("short window: before of 'b' is 10 s instead of 20 s (10000 ms short; cut by injection 'a')")
                .anySatisfy(w -> assertThat(w).startsWith("overlap: the after window of 'a' (45000..65000 ms) overlaps injection 'b'"));
    }

    @Test
    void anInjectionStartingWhileAnotherRunsHasAnEmptyBeforeWindowAndItsGatesAreUnknown() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("overlap"))
                .plan("{\"gates\":[{\"expression\":\"p50(x, during) <= 2 * p50(x, before)\",\"injection\":\"b\"}]}");
        r.injection(30_000, "a", null).injection(35_000, "b", null);
        r.finished(40_000, "a").finished(45_000, "b").healed(46_000, "a").healed(46_000, "b");
        r.mark(80_000, "run-finished", Map.of());
        steady(r, "x", null, 0, 80);
        RunReport report = analyze(r);

        InjectionReport b = report.injections().get(1);
        assertThat(b.before().lengthMs()).isZero();
        assertThat(b.before().operations()).isEmpty();
        assertThat(report.warnings()).contains("overlap: injection 'b' starts at 35000 ms, before 'a' ends at 40000 ms");
        GateReport g = report.gates().get(0);
        assertThat(g.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(g.detail()).isEqualTo("b: the before window of 'b' is empty");
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void aFailedInjectionEndsAtItsFailureAndMakesTheRunUnknownEvenWhenGatesPass() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("failed")).plan("{\"gates\":[\"count(x, during) > 0\"]}");
        r.injection(30_000, "a", "acme").phase(30_000, "a", "copy")
                .failed(35_000, "a", "replication slot lost").healed(36_000, "a");
        r.mark(70_000, "run-finished", Map.of());
        steady(r, "x", null, 0, 70);
        RunReport report = analyze(r);

        InjectionReport a = report.injections().get(0);
        assertThat(a.outcome()).isEqualTo("failed");
        assertThat(a.reason()).isEqualTo("replication slot lost");
        assertThat(a.endMs()).isEqualTo(35_000);
        assertThat(a.during().operations().get("x").count()).isEqualTo(50);
        assertThat(a.phases()).singleElement().satisfies(p -> assertThat(p.endMs()).isEqualTo(35_000));
        assertThat(a.after().startMs()).isEqualTo(40_000);
        assertThat(a.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.gates().get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.reasons()).contains("injection 'a' failed: replication slot lost");
    }

    @Test
    void anOperationWithoutSamplesInAWindowIsAbsentThereAndItsGatesAreUnknown() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("nosamples")).plan("""
                {"gates":["p50(rest.y, during) < 100","errors(rest.y, during) == 0","downtime(rest.y) <= 20s",
                          "p50(rest.nothing, before) < 1","downtime(rest.nothing) == 0"]}""");
        r.injection(30_000, "a", null).finished(40_000, "a").healed(41_000, "a");
        r.mark(70_000, "run-finished", Map.of());
        steady(r, "x", null, 0, 70);
        steady(r, "rest.y", null, 0, 30);
        RunReport report = analyze(r);

        InjectionReport a = report.injections().get(0);
        assertThat(a.before().operations()).containsKeys("x", "rest.y");
        assertThat(a.during().operations()).containsOnlyKeys("x");
        assertThat(a.after().operations()).containsOnlyKeys("x");
        assertThat(gate(report, "p50(rest.y, during) < 100").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(gate(report, "p50(rest.y, during) < 100").detail()).isEqualTo("no samples of rest.y in during of 'a'");
        assertThat(gate(report, "errors(rest.y, during) == 0").verdict()).isEqualTo(Verdict.UNKNOWN);
        // No success over [30 s, 45 s) (during + settle): 15 one-second intervals.
        assertThat(a.downtimeMs()).containsEntry("rest.y", 15_000.0).containsEntry("x", 0.0);
        assertThat(gate(report, "downtime(rest.y) <= 20s").verdict()).isEqualTo(Verdict.PASS);
        assertThat(gate(report, "p50(rest.nothing, before) < 1").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(gate(report, "downtime(rest.nothing) == 0").detail())
                .isEqualTo("no successful samples of rest.nothing in the whole run");
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void aRunCutShortEndsTheUnfinishedInjectionAtTheLastIntervalAndIsUnknown() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("cut")).plan("{\"gates\":[\"count(x, during) > 0\"]}");
        r.mark(0, "run-started", Map.of());
        r.injection(30_000, "a", null).phase(31_000, "a", "copy");
        steady(r, "x", null, 0, 45);
        RunReport report = analyze(r);

        assertThat(report.runEndMs()).isEqualTo(45_000);
        InjectionReport a = report.injections().get(0);
        assertThat(a.outcome()).isEqualTo("unfinished");
        assertThat(a.endMs()).isEqualTo(45_000);
        assertThat(a.during().operations().get("x").count()).isEqualTo(150);
        // The gap before the first phase mark is a phase of its own, so that the phases cover during.
        assertThat(a.phases()).extracting(WindowResult::name).containsExactly("start", "copy");
        assertThat(a.phases().get(0).operations().get("x").count()).isEqualTo(10);
        assertThat(a.phases().get(1).endMs()).isEqualTo(45_000);
        assertThat(a.phases().get(1).operations().get("x").count()).isEqualTo(140);
        assertThat(a.after().lengthMs()).isZero();
        assertThat(a.after().operations()).isEmpty();
        assertThat(report.warnings()).contains("run cut short: no run-finished mark; the record ends at 45000 ms");
        assertThat(report.reasons()).contains("injection 'a' never finished (run cut short?)",
                "injection 'a' has no heal-finished mark");
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void anAfterWindowCutByTheRunsEndIsShortAndWarned() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("shortafter")).plan("{}");
        r.injection(30_000, "a", null).finished(40_000, "a").healed(40_000, "a");
        r.mark(55_000, "run-finished", Map.of());
        steady(r, "x", null, 0, 55);
        RunReport report = analyze(r);

        InjectionReport a = report.injections().get(0);
        assertThat(a.after().startMs()).isEqualTo(45_000);
        assertThat(a.after().endMs()).isEqualTo(55_000);
        assertThat(a.after().operations().get("x").count()).isEqualTo(100);
        assertThat(a.after().operations().get("x").throughputPerSec()).isEqualTo(10.0);
        assertThat(report.warnings()).contains("short window: after of 'a' is 10 s instead of 20 s (10000 ms short; cut by the run's end)");
    }

    @Test
    void anAfterWindowShortBySubMillisecondJitterIsNotWarnedAndNeverReadsTwentyInsteadOfTwenty() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("jitter")).plan("{}");
        r.injection(30_000, "a", null).finished(40_000, "a").healed(40_000, "a");
        r.injection(100_000, "b", null).finished(110_000, "b").healed(110_000, "b");
        // a's after window [45 s, 65 s) is whole; b's [115 s, 135 s) ends 0.4 ms, then 1.4 ms, past the run.
        r.mark(134_999.6, "run-finished", Map.of());
        steady(r, "x", null, 0, 135);
        RunReport report = analyze(r);

        assertThat(report.warnings()).noneMatch(w -> w.startsWith("short window: after"));
        SyntheticRecord r2 = new SyntheticRecord(dir.resolve("jitter2")).plan("{}");
        r2.injection(100_000, "b", null).finished(110_000, "b").healed(110_000, "b");
        r2.mark(134_998.6, "run-finished", Map.of());
        steady(r2, "x", null, 0, 135);
        assertThat(analyze(r2).warnings())
                .contains("short window: after of 'b' is 19.999 s instead of 20 s (1.4 ms short; cut by the run's end)");
    }

    @Test
    void intervalsAfterRunFinishedCountInNoWindow() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("tail")).plan("{}");
        r.injection(30_000, "a", null).finished(40_000, "a").healed(40_000, "a");
        r.mark(60_000, "run-finished", Map.of());
        steady(r, "x", null, 0, 65);
        RunReport report = analyze(r);

        WindowResult after = report.injections().get(0).after();
        assertThat(after.endMs()).isEqualTo(60_000);
        assertThat(after.operations().get("x").count()).isEqualTo(150);
        assertThat(after.operations().get("x").throughputPerSec()).isEqualTo(10.0);
        assertThat(report.operations().get("x").count()).isEqualTo(600);
        assertThat(report.operations().get("x").throughputPerSec()).isEqualTo(10.0);
    }

    @Test
    void phasesLastUntilTheNextPhaseOrTheInjectionsEnd() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("phases")).plan("{}");
        r.injection(30_000, "a", null).phase(30_000, "a", "copy").phase(38_000, "a", "cutover").finished(40_000, "a")
                .phase(41_000, "a", "late").phase(39_000, "ghost", "copy").healed(42_000, "a");
        r.mark(70_000, "run-finished", Map.of());
        steady(r, "x", null, 0, 70);
        RunReport report = analyze(r);

        InjectionReport a = report.injections().get(0);
        assertThat(a.phases()).extracting(WindowResult::name).containsExactly("copy", "cutover");
        assertThat(a.phases().get(0).endMs()).isEqualTo(38_000);
        assertThat(a.phases().get(0).operations().get("x").count()).isEqualTo(80);
        assertThat(a.phases().get(1).operations().get("x").count()).isEqualTo(20);
        assertThat(report.warnings())
                .contains("phase 'late' of 'a' at t=41000 ms ignored: the injection had already ended",
                        "phase mark at t=39000 ms ignored: no started injection 'ghost'");
    }

    @Test
    void aRecordWithoutPlanUsesDefaultWindowsTheDirectoryNameAndIsUnknownWithoutGates() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("foreign-run"));
        r.injection(30_000, "a", null).finished(40_000, "a").healed(40_000, "a");
        r.mark(80_000, "run-finished", Map.of());
        steady(r, "x", null, 0, 80);
        RunReport report = analyze(r);

        assertThat(report.runId()).isEqualTo("foreign-run");
        assertThat(report.policy()).isEqualTo(ReportPolicy.defaults());
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.reasons()).contains("the plan has no gates: nothing was judged");
        assertThat(report.reasons()).contains("migration 'a' has no verification/a.json: lost and duplicated events are unknown");
    }

    @Test
    void migratedAndColocatedTenantsAreAccountedSeparately() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("tenants")).plan("""
                {"gates":["p99(x@migrated, during) < 5","p99(x@colocated, during) < 5","p99(x@globex, during) < 5",
                          "downtime(x@migrated) == 0","downtime(x) == 0","downtime(x@colocated) == 0"]}""");
        r.injection(30_000, "a", "acme").finished(40_000, "a").healed(40_000, "a");
        r.mark(80_000, "run-finished", Map.of());
        for (int s = 0; s < 80; s++) {
            boolean acmeDown = s >= 33 && s < 36;
            if (!acmeDown) {
                r.samples(s, "x", "acme", true, 20, s >= 30 && s < 40 ? 10_000 : 2_000, 0);
            }
            r.samples(s, "x", "globex", true, 10, 2_000, 0);
            r.samples(s, "x", "initech", true, 10, 2_000, 0);
        }
        RunReport report = analyze(r);

        InjectionReport a = report.injections().get(0);
        assertThat(a.migrated().get("x").get("before").count()).isEqualTo(400);
        assertThat(a.migrated().get("x").get("during").count()).isEqualTo(140);
        assertThat(a.migrated().get("x").get("during").p99Ms()).isBetween(10.0, 10.01);
        assertThat(a.colocated().get("x").get("during").count()).isEqualTo(200);
        assertThat(a.colocated().get("x").get("during").p99Ms()).isBetween(2.0, 2.01);
        assertThat(gate(report, "p99(x@migrated, during) < 5").verdict()).isEqualTo(Verdict.FAIL);
        assertThat(gate(report, "p99(x@colocated, during) < 5").verdict()).isEqualTo(Verdict.PASS);
        assertThat(gate(report, "p99(x@globex, during) < 5").verdict()).isEqualTo(Verdict.PASS);
        assertThat(gate(report, "downtime(x@migrated) == 0").value()).isEqualTo(3_000);
        assertThat(gate(report, "downtime(x) == 0").value()).isEqualTo(0);
        assertThat(gate(report, "downtime(x@colocated) == 0").value()).isEqualTo(0);
    }

    @Test
    void aRecordWithoutSamplesOrInjectionsStillRendersEveryFormat() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("empty")).plan("{}");
        r.mark(0, "run-started", Map.of());
        RunReport report = analyze(r);

        assertThat(report.operations()).isEmpty();
        assertThat(report.injections()).isEmpty();
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        for (ReportFormat format : ReportFormat.values()) {
            assertThat(Reports.render(report, format)).as(format.name()).isNotBlank();
        }
    }
}
