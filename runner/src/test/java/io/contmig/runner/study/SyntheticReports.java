package io.contmig.runner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.Locale;

/** report.json trees of one injection "move" with chosen figures, for the study's pure tests. */
final class SyntheticReports {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyntheticReports() {
    }

    /**
     * @param durationMs        the injection's length
     * @param migratedRatio     p99 during ÷ before of the migrated tenant (before p99 = 10 ms)
     * @param colocatedRatio    the same of the co-located tenant
     * @param lost              verification's lost count
     */
    static JsonNode report(double durationMs, double migratedRatio, double colocatedRatio, long lost) {
        String text = String.format(Locale.ROOT, """
                {"runId": "r", "verdict": "PASS", "injections": [ {
                  "name": "move", "kind": "migration", "store": "postgresql", "startMs": 1000, "endMs": %s,
                  "writeBlockMs": 120.5,
                  "phases": [ {"name": "copy", "startMs": 1000, "endMs": 2000, "operations": {}} ],
                  "windows": { "before": {"mqtt.e2e": {"count": 900, "errors": 0, "p50Ms": 5, "p99Ms": 10}},
                               "during": {"mqtt.e2e": {"count": 900, "errors": 0, "p50Ms": 6, "p99Ms": %s}} },
                  "tenants": {
                    "migrated": { "mqtt.e2e": { "before": {"count": 500, "p50Ms": 5, "p99Ms": 10},
                                                "during": {"count": 500, "p50Ms": 6, "p99Ms": %s} },
                                  "mqtt.e2e.ko": { "during": {"count": 3} } },
                    "colocated": { "mqtt.e2e": { "before": {"count": 500, "p50Ms": 5, "p99Ms": 10},
                                                 "during": {"count": 500, "p50Ms": 5, "p99Ms": %s} } } },
                  "downtimeMs": { "mqtt.e2e": 0, "rest.listMeasurements": 300 },
                  "verification": { "verdict": "%s", "checked": 100, "lost": %d, "duplicated": 0, "mismatches": [] }
                } ] }
                """, 1000 + durationMs, 10 * migratedRatio, 10 * migratedRatio, 10 * colocatedRatio,
                lost == 0 ? "PASS" : "FAIL", lost);
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
