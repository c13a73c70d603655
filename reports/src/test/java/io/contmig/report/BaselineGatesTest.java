package io.contmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.gate.Verdict;
import io.contmig.record.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Gates that read a baseline run ({@code baseline.p99(...)}), judged against two run directories recorded through the
 * real recorder, timeline and log writers: the same figures pass, a slower run fails, what the baseline lacks is
 * UNKNOWN naming it, and without a baseline the gate is UNKNOWN "no baseline given", never PASS.
 */
class BaselineGatesTest {

    private static final String PLAN = """
            {"gates": [
              {"expression": "p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)", "injection": "move"},
              {"expression": "p99(mqtt.e2e@migrated, during) <= 1.1 * baseline.p99(mqtt.e2e@migrated, during)", "injection": "move"},
              {"expression": "p50(mqtt.e2e, cutover) <= baseline.p50(mqtt.e2e, cutover)", "injection": "move"},
              {"expression": "p50(mqtt.publish, during) <= baseline.p50(mqtt.publish, during)", "injection": "move"},
              {"expression": "count(mqtt.e2e, during) >= 0.5 * baseline.count(mqtt.e2e, during)", "injection": "stage"},
              {"expression": "p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)", "injection": "move"}
            ]}""";

    @TempDir
    Path dir;

    /**
     * Injection {@code move} of acme at 30..40 s (phase copy; the candidates add a cutover at 38 s); mqtt.e2e of acme
     * and globex at 25/s each, 10 ms (+ up to 0.9 ms) outside the move and {@code duringMs} inside it. Candidates
     * also publish mqtt.publish and run a second injection {@code stage} at 50..52 s, which the baseline lacks.
     */
    private RunRecord run(String name, long duringMs, boolean candidate) throws IOException {
        RecordedRun run = new RecordedRun(dir.resolve(name)).plan(PLAN);
        run.mark(0, "run-started", "runner", Map.of());
        run.injection(30_000, "move", "acme").phase(30_000, "move", "copy");
        if (candidate) {
            run.phase(38_000, "move", "cutover");
        }
        run.finished(40_000, "move");
        if (candidate) {
            run.injection(50_000, "stage", "acme").finished(52_000, "stage");
        }
        for (long ms = 0; ms < 65_000; ms += 40) {
            long latencyMicros = (ms >= 30_000 && ms < 40_000 ? duringMs * 1_000 : 10_000) + (ms / 40 % 10) * 100;
            run.sample("mqtt.e2e", "acme", ms * 1_000, latencyMicros, true);
            run.sample("mqtt.e2e", "globex", ms * 1_000 + 7_000, latencyMicros, true);
            if (candidate && ms % 200 == 0) {
                run.sample("mqtt.publish", "acme", ms * 1_000 + 3_000, 2_000, true);
            }
        }
        return run.write(65_000);
    }

    @Test
    void theSameFiguresPassASlowerRunFailsAndWhatTheBaselineLacksIsNamed() throws IOException {
        BaselineRun baseline = BaselineRun.analyze(run("base", 20, false));
        RunReport same = Reports.analyze(run("same", 21, true), baseline);
        RunReport slow = Reports.analyze(run("slow", 30, true), baseline);

        assertThat(same.gates()).extracting(GateReport::verdict).containsExactly(Verdict.PASS, Verdict.PASS,
                Verdict.UNKNOWN, Verdict.UNKNOWN, Verdict.UNKNOWN, Verdict.PASS);
        assertThat(same.gates().get(0).detail()).startsWith("move: p99(mqtt.e2e, during) = 21.")
                .contains(" <= 23.0").endsWith("(1.1 * baseline.p99(mqtt.e2e, during))");
        assertThat(same.gates().get(0).results().get("move").threshold()).isCloseTo(1.1 * 20.9, within(0.05));
        assertThat(same.gates().get(2).detail())
                .isEqualTo("move: baseline base: injection 'move' has no window or phase 'cutover'");
        assertThat(same.gates().get(3).detail()).isEqualTo("move: baseline base: no samples of mqtt.publish in during of 'move'");
        assertThat(same.gates().get(4).detail()).isEqualTo("stage: baseline base has no injection 'stage'");
        assertThat(same.conditions()).containsEntry(BaselineRun.CONDITION, dir.resolve("base").toAbsolutePath().toString());

        assertThat(slow.gates().get(0).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(slow.gates().get(1).verdict()).isEqualTo(Verdict.FAIL);
        assertThat(slow.gates().get(1).detail()).contains("not <= 23.0");
        assertThat(slow.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(slow.reasons().get(0)).startsWith("gate 'p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)' FAIL");
    }

    @Test
    void withoutABaselineTheGateIsUnknownNeverPassAndTheRunsOwnGatesStillCount() throws IOException {
        RunRecord record = run("alone", 21, true);
        RunReport report = Reports.writeAll(record, record.directory());

        assertThat(report.gates().get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.gates().get(0).detail()).startsWith("move: no baseline given: baseline.p99(mqtt.e2e, during)"
                + " reads a baseline run (-Dcontmig.baseline=DIR)");
        assertThat(report.gates().get(5).verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(report.reasons()).anySatisfy(r -> assertThat(r).contains("no baseline given"));
        assertThat(report.conditions()).doesNotContainKey(BaselineRun.CONDITION);

        JsonNode json = new ObjectMapper().readTree(record.directory().resolve("report.json").toFile());
        assertThat(json.path("gates").get(0).path("verdict").asText()).isEqualTo("UNKNOWN");
        // Re-judged against a baseline of the same run, the files say which baseline and the gate holds.
        Reports.writeAll(record, record.directory(), BaselineRun.analyze(RunRecord.open(record.directory())));
        JsonNode again = new ObjectMapper().readTree(record.directory().resolve("report.json").toFile());
        assertThat(again.path("gates").get(0).path("verdict").asText()).isEqualTo("PASS");
        assertThat(again.path("conditions").path(BaselineRun.CONDITION).asText())
                .isEqualTo(record.directory().toAbsolutePath().toString());
    }
}
