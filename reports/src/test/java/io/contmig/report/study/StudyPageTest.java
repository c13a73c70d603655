package io.contmig.report.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** The study and comparison pages from their JSON alone: sections, missing values, escaping, nothing fetched. */
class StudyPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStudyWithoutRecommendationSaysSoAndDrawsWhatItHas() throws Exception {
        JsonNode study = JSON.readTree("""
                {"studyId": "s1", "name": "pg <x>", "trials": 2, "confidence": 0.95, "method": "bootstrap",
                 "slo": ["lost == 0"],
                 "cells": [
                   {"name": "a", "set": {"injections.move.migration.strategy": "stop-and-copy"}, "runs": ["a-t1", "a-t2"],
                    "verdicts": ["PASS", "FAIL"], "wallSeconds": [100, null],
                    "sloOutcomes": [[], [{"slo": "lost == 0", "verdict": "FAIL", "detail": "move: lost = 3"}]],
                    "meetsSlo": false,
                    "metrics": {"move.durationMs": {"n": 2, "mean": 5, "median": 5, "ciLow": 4, "ciHigh": 6, "values": [4, 6]},
                                "move.phaseMs.copy": {"n": 1, "mean": 1, "median": 1, "ciLow": null, "ciHigh": null, "values": [1]}}}],
                 "comparisons": [],
                 "recommendation": {"cell": null, "why": "no cell meets every SLO in every trial: a trial 2", "pareto": [],
                   "points": [{"cell": "a", "durationMs": 5, "migratedP99Ratio": null, "colocatedP99Ratio": 1.2,
                               "eligible": false, "pareto": false}]}}
                """);
        StringWriter out = new StringWriter();
        StudyPage.render(study, out);
        String html = out.toString();
        assertThat(html).contains("Study pg &lt;x&gt;", "No recommendation", "class=\"rec none\"",
                "no cell meets every SLO in every trial", "aria-label=\"forest plot of move.durationMs\"",
                "href=\"runs/a-t2/report/index.html\"", "SLO lost == 0: FAIL move: lost = 3", "(100 s)",
                "All other metrics (1)", "aria-label=\"duration versus degradation\"");
        assertThat(html).doesNotContain("<script", "<link", "src=\"http", "NaN", "null");
    }

    @Test
    void aComparisonPageListsRegressionsFirst() throws Exception {
        JsonNode comparison = JSON.readTree("""
                {"baseline": "/b", "candidate": "/c", "threshold": 0.1, "method": "m", "howSure": "one run per side",
                 "regressions": [{"metric": "move.mqtt.e2e.p99Ms.during", "baseline": 10, "candidate": 30, "ratio": 3,
                                  "ciLow": 2, "ciHigh": 4, "regression": true, "note": "n"}],
                 "metrics": [{"metric": "move.durationMs", "baseline": 1, "candidate": 2, "ratio": 2, "ciLow": null,
                              "ciHigh": null, "regression": false, "note": "not judged"}],
                 "verdict": "FAIL"}
                """);
        StringWriter out = new StringWriter();
        ComparisonPage.render(comparison, out);
        assertThat(out.toString()).contains("Comparison: <span class=\"FAIL\">FAIL", "Regressions (1)",
                "3.000 [2.000, 4.000]", "2.000 [–, –]", "one run per side").doesNotContain("<script", "NaN");
    }
}
