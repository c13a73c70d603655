package io.contmig.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The conditions come before the numbers: a saturated load generator is a warning of the report. */
class GeneratorHealthTest {

    @TempDir
    Path dir;

    private RunReport runWith(Map<String, ?> runFinished) throws Exception {
        SyntheticRecord r = new SyntheticRecord(dir.resolve(String.valueOf(runFinished.hashCode()))).plan("{}");
        r.mark(0, "run-started", Map.of());
        for (int s = 0; s < 10; s++) {
            r.samples(s, "mqtt.e2e", null, true, 20, 5_000, 10);
        }
        r.mark(10_000, "run-finished", runFinished);
        return Reports.analyze(r.write());
    }

    @Test
    void aSaturatedGeneratorIsWarnedAbout() throws Exception {
        RunReport report = runWith(Map.of("generatorSaturated", true, "generatorP99LagMs", 4440.1));
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w)
                .startsWith("load generator saturated").contains("p99 4440.1 ms"));
    }

    @Test
    void aHealthyGeneratorIsNot() throws Exception {
        RunReport report = runWith(Map.of("generatorSaturated", false, "generatorP99LagMs", 0.4));
        assertThat(report.warnings()).noneSatisfy(w -> assertThat(w).contains("generator"));
    }
}
