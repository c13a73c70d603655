package io.contmig.runner.study;

import io.contmig.gate.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StudyAnalysisTest {

    private static final List<StudyCell> CELLS = List.of(
            new StudyCell("fast", Map.of("injections.move.migration.strategy", "stop-and-copy")),
            new StudyCell("gentle", Map.of("injections.move.migration.strategy", "logical-replication")));

    @Test
    void metricsAreReadGenericallyFromReportJson() {
        Map<String, Double> m = TrialMetrics.extract(SyntheticReports.report(5000, 3, 1.5, 0));
        assertEquals(5000.0, m.get("move.durationMs"));
        assertEquals(1000.0, m.get("move.phaseMs.copy"));
        assertEquals(30.0, m.get("move.mqtt.e2e.p99Ms.during@migrated"), 1e-9);
        assertEquals(3.0, m.get("move.mqtt.e2e.p99Ratio@migrated"), 1e-9);
        assertEquals(1.5, m.get("move.mqtt.e2e.p99Ratio@colocated"), 1e-9);
        assertEquals(1.2, m.get("move.mqtt.e2e.p50Ratio@migrated"), 1e-9);
        assertEquals(300.0, m.get("move.downtimeMs.rest.listMeasurements"));
        assertEquals(120.5, m.get("move.writeBlockMs"), "a field the report adds flows in without an edit");
        assertEquals(0.0, m.get("move.lost"));
        assertFalse(m.keySet().stream().anyMatch(k -> k.contains(".ko")), m.keySet().toString());
        assertFalse(m.containsKey("move.startMs"));
    }

    @Test
    void bootstrapIsReproducibleAndBracketsTheMedian() {
        List<Double> v = List.of(10.0, 12.0, 11.0, 30.0, 9.0);
        MetricSummary a = Bootstrap.summarize(v, "m");
        MetricSummary b = Bootstrap.summarize(v, "m");
        assertEquals(a, b);
        assertEquals(5, a.n());
        assertEquals(11.0, a.median());
        assertEquals(14.4, a.mean(), 1e-9);
        assertTrue(a.ciLow() <= 11 && a.ciHigh() >= 11 && a.ciLow() >= 9 && a.ciHigh() <= 30, a.toString());

        Bootstrap.Ratio clear = Bootstrap.ratio(List.of(10.0, 11.0, 9.0, 10.5, 10.2), List.of(20.0, 21.0, 19.0, 22.0, 20.5), "r");
        assertTrue(clear.significant(), clear.toString());
        assertTrue(clear.ciLow() > 1.5 && clear.ratio() > 1.9, clear.toString());
        Bootstrap.Ratio noise = Bootstrap.ratio(List.of(10.0, 14.0, 9.0, 12.0, 11.0), List.of(11.0, 9.5, 13.0, 10.0, 12.5), "r");
        assertFalse(noise.significant(), noise.toString());
        assertFalse(Bootstrap.ratio(List.of(0.0, 0.0), List.of(1.0), "z").known(), "a baseline median of 0 has no ratio");
    }

    @Test
    void theAdvisorKeepsCellsMeetingTheSloAndSaysWhy() {
        Study study = study(List.of(new Study.Slo("p99(mqtt.e2e@migrated, during) <= 2.5 * p99(mqtt.e2e@migrated, before)", ""),
                new Study.Slo("lost == 0", "")));
        StudyResult r = StudyAnalysis.analyze("id", study, trials(new double[]{10_000, 11_000, 9_000, 10_500, 9_800}, 4,
                new double[]{30_000, 32_000, 29_000, 31_000, 30_500}, 1.2));
        assertFalse(r.cells().get(0).meetsSlo());
        assertTrue(r.cells().get(1).meetsSlo());
        assertEquals(Verdict.FAIL, r.cells().get(0).slo().get(0).get(0).verdict());
        assertEquals("gentle", r.recommendation().cell());
        assertTrue(r.recommendation().why().contains("Not eligible: fast trial 1: SLO 'p99(mqtt.e2e@migrated, during)"),
                r.recommendation().why());
        StudyResult.Comparison duration = r.comparisons().stream().filter(c -> c.metric().equals("move.durationMs"))
                .findFirst().orElseThrow();
        assertEquals("fast", duration.baseline());
        assertTrue(duration.ratio().significant() && duration.ratio().ratio() > 2.9, duration.toString());
        String json = StudyFiles.json(r).toString();
        assertTrue(json.contains("\"recommendation\":{\"cell\":\"gentle\""), json);
        assertTrue(StudyFiles.csv(r).contains("gentle,move.durationMs,5,30500,30500,"), StudyFiles.csv(r));
    }

    @Test
    void withoutSloBothTradeOffsAreOnTheFront() {
        StudyResult r = StudyAnalysis.analyze("id", study(List.of()), trials(new double[]{10_000, 11_000, 9_000, 10_500, 9_800}, 4,
                new double[]{30_000, 32_000, 29_000, 31_000, 30_500}, 1.2));
        assertEquals(List.of("fast", "gentle"), r.recommendation().pareto());
        assertTrue(r.recommendation().why().contains("of the front (fast, gentle)"), r.recommendation().why());
    }

    @Test
    void theAdvisorSaysWhenNothingMeetsTheSloOrNothingSeparates() {
        StudyResult none = StudyAnalysis.analyze("id", study(List.of(new Study.Slo("lost == 0", ""))),
                trials(new double[]{1, 2}, 1, new double[]{1, 2}, 1, 3));
        assertNull(none.recommendation().cell());
        assertTrue(none.recommendation().why().startsWith("no cell meets every SLO in every trial: fast trial 1: SLO 'lost == 0' FAIL"),
                none.recommendation().why());

        StudyResult same = StudyAnalysis.analyze("id", study(List.of()),
                trials(new double[]{10_000, 12_000, 9_000}, 1.1, new double[]{11_000, 9_500, 10_000}, 1.1));
        assertTrue(same.recommendation().why().contains("The evidence does not separate it from"), same.recommendation().why());
        assertTrue(same.recommendation().why().contains("Only 3 trials per cell"), same.recommendation().why());
    }

    private static Study study(List<Study.Slo> slo) {
        return new Study("s", Optional.empty(), 5, CELLS, slo);
    }

    private static List<TrialResult> trials(double[] fast, double fastRatio, double[] gentle, double gentleRatio) {
        return trials(fast, fastRatio, gentle, gentleRatio, 0);
    }

    private static List<TrialResult> trials(double[] fast, double fastRatio, double[] gentle, double gentleRatio, long lost) {
        List<TrialResult> out = new ArrayList<>();
        for (int t = 0; t < fast.length; t++) {
            out.add(new TrialResult(0, t, "fast-t" + (t + 1), "PASS", SyntheticReports.report(fast[t], fastRatio + t * 0.01, 1.0 + 0.1 * (t % 2), lost), 60));
            out.add(new TrialResult(1, t, "gentle-t" + (t + 1), "PASS", SyntheticReports.report(gentle[t], gentleRatio + t * 0.01, 1.1 - 0.1 * (t % 2), lost), 60));
        }
        return out;
    }
}
