package io.contmig.runner.study;

import io.contmig.runner.study.Bootstrap.Ratio;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A study's analysis: per cell its trials and figures, the ratios between cells, and the advisor's recommendation.
 * Pure data, computed by {@link StudyAnalysis} from the trials' reports; written as {@code study.json} and
 * {@code study.csv} by {@link StudyFiles}. Immutable.
 *
 * @param studyId         the study directory's name
 * @param name            the study's name
 * @param trials          trials per cell
 * @param slo             the SLOs
 * @param cells           per cell, in study order
 * @param comparisons     every metric of every pair of cells (earlier cell = baseline)
 * @param recommendation  the advisor's finding
 */
public record StudyResult(String studyId, String name, int trials, List<Study.Slo> slo, List<Cell> cells,
                          List<Comparison> comparisons, Advisor.Recommendation recommendation) {

    public StudyResult {
        Objects.requireNonNull(studyId, "studyId");
        slo = List.copyOf(slo);
        cells = List.copyOf(cells);
        comparisons = List.copyOf(comparisons);
        Objects.requireNonNull(recommendation, "recommendation");
    }

    /**
     * One cell's outcome.
     *
     * @param cell      name and overrides
     * @param trials    its trials, in trial order
     * @param slo       per trial, each SLO's outcome
     * @param meetsSlo  whether every trial ran and met every SLO
     * @param metrics   metric name → summary over trials
     */
    public record Cell(StudyCell cell, List<TrialResult> trials, List<List<SloCheck.Outcome>> slo, boolean meetsSlo,
                       Map<String, MetricSummary> metrics) {
        public Cell {
            trials = List.copyOf(trials);
            slo = List.copyOf(slo);
            metrics = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(metrics));
        }

        public String name() {
            return cell.name();
        }
    }

    /** {@code median(cell) / median(baseline)} of one metric, with its interval. */
    public record Comparison(String metric, String baseline, String cell, Ratio ratio) {
    }
}
