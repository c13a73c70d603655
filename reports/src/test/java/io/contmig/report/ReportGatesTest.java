package io.contmig.report;

import io.contmig.gate.Verdict;
import io.contmig.record.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gates of the plan judged against a record: PASS, FAIL, UNKNOWN and how they merge into the verdict. */
class ReportGatesTest {

    @TempDir
    Path dir;

    /** One injection 'a' (30..40 s, healed); op x: 20/s, 2 ms before/after, 8 ms during; 3 errors in second 35. */
    private SyntheticRecord run(String gatesJson) throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("run")).plan("{\"gates\":" + gatesJson + "}");
        r.injection(30_000, "a", "acme").phase(30_000, "a", "copy").finished(40_000, "a").healed(41_000, "a");
        r.mark(80_000, "run-finished", Map.of());
        for (int s = 0; s < 80; s++) {
            r.samples(s, "x", "acme", true, 20, s >= 30 && s < 40 ? 8_000 : 2_000, 0);
        }
        r.samples(35, "x", "acme", false, 3, 1_000_000, 0);
        return r;
    }

    @Test
    void passFailAndUnknownMergeIntoTheRunVerdict() throws IOException {
        RunReport pass = Reports.analyze(run("[\"p99(x, during) <= 5 * p99(x, before)\",\"errors(x, during) <= 3\"]")
                .verification("a", "{\"verdict\":\"PASS\",\"checked\":10,\"lost\":0,\"duplicated\":0,\"mismatches\":[]}")
                .write());
        assertThat(pass.gates()).extracting(GateReport::verdict).containsExactly(Verdict.PASS, Verdict.PASS);
        assertThat(pass.gates().get(0).value()).isBetween(8.0, 8.01);
        assertThat(pass.verdict()).isEqualTo(Verdict.PASS);
        assertThat(pass.reasons()).isEmpty();
    }

    @Test
    void aBreachedGateFailsTheRunAndSaysWhy() throws IOException {
        RunReport r = Reports.analyze(run("[\"p99(x, during) <= 3 * p99(x, before)\",\"p50(x, nophase) < 1\"]").write());
        assertThat(r.gates().get(0).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.gates().get(1).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.gates().get(1).detail()).isEqualTo("injection 'a' has no window or phase 'nophase'");
        assertThat(r.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reasons().get(0)).startsWith("gate 'p99(x, during) <= 3 * p99(x, before)' FAIL: p99(x, during) = 8.")
                .contains("not <= 6 (3 * p99(x, before))");
        assertThat(Reports.render(r, ReportFormat.JUNIT)).contains("<failure type=\"FAIL\"")
                .contains("<skipped message=\"UNKNOWN: injection &apos;a&apos; has no window or phase &apos;nophase&apos;\"/>");
    }

    @Test
    void missingDataIsUnknownNeverPass() throws IOException {
        RunReport r = Reports.analyze(run("""
                ["lost == 0", {"expression":"p50(x, during) < 100","injection":"zzz"},
                 "p999(x, copy) < 100", "p99(x, copy) < 100", "p50(x, before) / p50(nothing, before) < 10",
                 "p50(x@migrated, during) < 100", "count(x@initech, during) >= 0", "p99(x, during) <"]""").write());
        assertThat(r.gates()).extracting(GateReport::verdict).containsExactly(Verdict.UNKNOWN, Verdict.UNKNOWN,
                Verdict.UNKNOWN, Verdict.PASS, Verdict.UNKNOWN, Verdict.PASS, Verdict.UNKNOWN, Verdict.UNKNOWN);
        assertThat(r.gates()).extracting(GateReport::detail).containsExactly(
                "no verification/a.json",
                "injection 'zzz' is not in the timeline",
                "only 200 samples of x in copy of 'a'; p999 needs at least 1000",
                "p99(x, copy) = 8.003 < 100",
                "no samples of nothing in before of 'a'",
                "p50(x@migrated, during) = 8.003 < 100",
                "no samples of x@initech in during of 'a'",
                "gates[7]: at position 16: expected a number, a duration, '(', a function (p50, p90, p99, p999, max, "
                        + "throughput, errors, count, downtime) or a verification count (lost, duplicated, checked, "
                        + "mismatches) but found the end of the expression in \"p99(x, during) <\"");
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void verificationCountsFeedGatesAndAFailedVerificationFailsTheRun() throws IOException {
        RunReport r = Reports.analyze(run("[\"lost == 0\", \"duplicated <= 10\", \"mismatches == 0\"]")
                .verification("a", "{\"verdict\":\"FAIL\",\"checked\":100,\"lost\":2,\"duplicated\":4,"
                        + "\"mismatches\":[\"dev-1 seq 7 missing\",{\"device\":\"dev-2\",\"seq\":9}]}").write());
        assertThat(r.gates()).extracting(GateReport::verdict).containsExactly(Verdict.FAIL, Verdict.PASS, Verdict.FAIL);
        assertThat(r.injections().get(0).verification().mismatches())
                .containsExactly("dev-1 seq 7 missing", "{\"device\":\"dev-2\",\"seq\":9}");
        assertThat(r.injections().get(0).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(r.reasons()).contains("verification of 'a' FAIL: lost 2, duplicated 4");
    }

    @Test
    void anUndecidedVerificationGivesNoCountsToGates() throws IOException {
        RunRecord record = run("[\"lost == 0\"]").verification("a", "{\"verdict\":\"UNKNOWN\",\"checked\":0,\"lost\":0,"
                + "\"duplicated\":0,\"mismatches\":[\"injection failed: boom\"]}").write();
        RunReport r = Reports.analyze(record);
        assertThat(r.gates().get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.gates().get(0).detail()).isEqualTo("the verification of 'a' is UNKNOWN: injection failed: boom");
        assertThat(r.injections().get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void aFailedHealIsShoutedAndMakesTheRunUnknown() throws IOException {
        SyntheticRecord s = new SyntheticRecord(dir.resolve("heal")).plan("{\"gates\":[\"count(x, during) > 0\"]}");
        s.injection(30_000, "a", null).finished(40_000, "a")
                .mark(41_000, "heal-finished", "a", Map.of("injection", "a", "ok", false, "reason", "slot still active"));
        s.mark(80_000, "run-finished", Map.of());
        s.samples(35, "x", null, true, 5, 1_000, 0);
        RunReport r = Reports.analyze(s.write());
        assertThat(r.injections().get(0).healed()).isFalse();
        assertThat(r.injections().get(0).healFailure()).isEqualTo("slot still active");
        assertThat(r.gates().get(0).verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reasons()).contains("heal of injection 'a' failed: slot still active");
        assertThat(Reports.render(r, ReportFormat.HTML)).contains("<p class=\"shout\" id=\"heal-failed-a\">HEAL FAILED for a: slot still active");
    }

    @Test
    void readsGatesAndWindowsAsPlanJsonWritesThem() throws IOException {
        SyntheticRecord s = new SyntheticRecord(dir.resolve("planjson")).plan("""
                {"name":"p","seed":1,"duration":"80s","target":"sandbox",
                 "windows":{"baseline":"10s","settle":"2500ms","after":"10s"},
                 "gates":[{"expression":"count(x, before) == 100","injection":null},
                          {"expression":"count(x, after) == 100","injection":"a"}]}""");
        s.injection(30_000, "a", null).finished(40_000, "a").healed(40_000, "a");
        s.mark(80_000, "run-finished", Map.of());
        for (int sec = 0; sec < 80; sec++) {
            s.samples(sec, "x", null, true, 10, 1_000, 0);
        }
        RunReport r = Reports.analyze(s.write());
        assertThat(r.policy()).isEqualTo(new ReportPolicy(java.time.Duration.ofSeconds(10),
                java.time.Duration.ofMillis(2500), java.time.Duration.ofSeconds(10)));
        assertThat(r.gates()).extracting(GateReport::injection).containsExactly("", "a");
        assertThat(r.gates()).extracting(GateReport::verdict).containsExactly(Verdict.PASS, Verdict.PASS);
        assertThat(r.injections().get(0).after().startMs()).isEqualTo(42_500);
    }

    @Test
    void aMalformedWindowPolicyIsAnErrorNamingPlanJson() throws IOException {
        SyntheticRecord s = new SyntheticRecord(dir.resolve("badplan")).plan("{\"windows\":{\"settle\":\"-5s\"}}");
        s.samples(1, "x", null, true, 1, 1_000, 0);
        RunRecord record = s.write();
        assertThatThrownBy(() -> Reports.analyze(record)).isInstanceOf(IOException.class)
                .hasMessageEndingWith("plan.json: windows.settle: '-5s' is not a duration (expected e.g. 500ms, 20s, 1m, 1h or milliseconds)");
    }

    @Test
    void aMalformedVerificationFileIsAnErrorNamingTheFile() throws IOException {
        SyntheticRecord r = run("[]").verification("a", "{\"verdict\":\"MAYBE\"}");
        assertThatThrownBy(() -> Reports.analyze(r.write()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("verification/a.json: verdict: 'MAYBE' (expected PASS, FAIL or UNKNOWN)");
    }

    @Test
    void aGateWithoutAnyInjectionIsUnknown() throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve("none")).plan("{\"gates\":[\"p99(x, during) < 1\"]}");
        r.mark(10_000, "run-finished", Map.of());
        r.samples(1, "x", null, true, 5, 1_000, 0);
        RunReport report = Reports.analyze(r.write());
        assertThat(report.gates().get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.gates().get(0).detail()).isEqualTo("no injection in the timeline");
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void windowPolicyComesFromThePlan() throws IOException {
        ReportPolicy p = ReportPolicy.fromPlan(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"windows\":{\"baseline\":\"10s\",\"settle\":500,\"after\":\"PT30S\"}}"));
        assertThat(p).isEqualTo(new ReportPolicy(java.time.Duration.ofSeconds(10), java.time.Duration.ofMillis(500),
                java.time.Duration.ofSeconds(30)));
        assertThatThrownBy(() -> ReportPolicy.fromPlan(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree("{\"windows\":{\"after\":\"soon\"}}")))
                .hasMessage("windows.after: 'soon' is not a duration (expected e.g. 500ms, 20s, 1m, 1h or milliseconds)");
    }
}
