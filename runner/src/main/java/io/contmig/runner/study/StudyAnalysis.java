package io.contmig.runner.study;

import io.contmig.gate.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The study's statistics, a pure function of its trials' reports: per cell and metric ({@link TrialMetrics}) the
 * {@link Bootstrap} summary over trials; per pair of cells and metric the ratio of medians with its interval; per cell
 * whether every trial met every SLO ({@link SloCheck}); then the {@link Advisor}. Same inputs, same result (the
 * bootstrap's seed is fixed). Stateless.
 */
public final class StudyAnalysis {

    private StudyAnalysis() {
    }

    /** Analyzes {@code trials} (any order) of {@code study}. */
    public static StudyResult analyze(String studyId, Study study, List<TrialResult> trials) {
        List<StudyResult.Cell> cells = new ArrayList<>();
        for (int c = 0; c < study.cells().size(); c++) {
            int index = c;
            List<TrialResult> mine = trials.stream().filter(t -> t.cell() == index)
                    .sorted(java.util.Comparator.comparingInt(TrialResult::trial)).toList();
            Map<String, List<Double>> values = new TreeMap<>();
            List<List<SloCheck.Outcome>> slo = new ArrayList<>();
            boolean meets = !mine.isEmpty();
            for (TrialResult t : mine) {
                if (t.report() == null) {
                    meets = false;
                } else {
                    TrialMetrics.extract(t.report()).forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                }
                List<SloCheck.Outcome> outcomes = SloCheck.judge(study.slo(), t.report());
                slo.add(outcomes);
                meets &= outcomes.stream().allMatch(o -> o.verdict() == Verdict.PASS);
            }
            Map<String, MetricSummary> metrics = new TreeMap<>();
            String cellName = study.cells().get(c).name();
            values.forEach((k, v) -> metrics.put(k, Bootstrap.summarize(v, k + "|" + cellName)));
            cells.add(new StudyResult.Cell(study.cells().get(c), mine, slo, meets, metrics));
        }
        List<StudyResult.Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            for (int j = i + 1; j < cells.size(); j++) {
                StudyResult.Cell a = cells.get(i);
                StudyResult.Cell b = cells.get(j);
                for (String metric : new TreeSet<>(a.metrics().keySet())) {
                    MetricSummary mb = b.metrics().get(metric);
                    if (mb == null) {
                        continue;
                    }
                    comparisons.add(new StudyResult.Comparison(metric, a.name(), b.name(), Bootstrap.ratio(
                            a.metrics().get(metric).values(), mb.values(), metric + "|" + a.name() + "|" + b.name())));
                }
            }
        }
        return new StudyResult(studyId, study.name(), study.trials(), study.slo(), cells, comparisons,
                Advisor.advise(study, cells, comparisons));
    }
}
