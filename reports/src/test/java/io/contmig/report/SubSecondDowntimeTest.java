package io.contmig.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Sub-second downtime (issue 10): the longest span between intended starts of consecutive successes inside the
 * window, minus the operation's mean inter-arrival, in ms. Recorded through the real recorder and log writer.
 */
class SubSecondDowntimeTest {

    @TempDir
    Path dir;

    @Test
    void aThreeHundredMillisecondOutageReadsThreeHundredAndOneRequestPerSecondReadsZero() throws IOException {
        RecordedRun run = new RecordedRun(dir.resolve("run")).plan("{\"gates\": [\"downtime(rest.updateDevice@migrated) <= 250ms\","
                + " \"downtime(rest.updateDevice@colocated) <= 250ms\"]}");
        run.mark(0, "run-started", "runner", Map.of());
        run.injection(40_000, "move", "acme").phase(40_000, "move", "copy").phase(45_000, "move", "cutover")
                .finished(45_500, "move");
        // 100/s; the migrated tenant's writes intended in [45.000 s, 45.300 s) fail (no success at 4.990 → 5.300).
        for (long ms = 0; ms < 90_000; ms += 10) {
            boolean blocked = ms >= 45_000 && ms < 45_300;
            run.sample("rest.updateDevice", "acme", ms * 1_000, 5_000, !blocked);
            run.sample("rest.updateDevice", "globex", ms * 1_000 + 5_000, 5_000, true);
        }
        // One request a second, always successful: its 1 s spacing is its rate, not an outage.
        for (long ms = 0; ms < 90_000; ms += 1_000) {
            run.sample("rest.listAssignments", "acme", ms * 1_000 + 123, 20_000, true);
        }
        RunReport report = Reports.analyze(run.write(90_000));

        InjectionReport move = report.injections().get(0);
        // The operation (all tenants) stayed up through globex, at half its rate: 10 ms gaps against a mean
        // inter-arrival of 90 s / 17,970 successes = 5.009 ms. The migrated tenant was down 310 ms less its mean
        // inter-arrival, 90 s / 8,970 = 10.033 ms.
        assertThat(move.downtimeMs().get("rest.updateDevice")).isCloseTo(4.991, within(0.001));
        assertThat(move.downtimeMs().get("rest.listAssignments")).isEqualTo(0.0);
        assertThat(gate(report, "downtime(rest.updateDevice@migrated) <= 250ms").value()).isCloseTo(299.967, within(0.001));
        assertThat(gate(report, "downtime(rest.updateDevice@migrated) <= 250ms").verdict())
                .isEqualTo(io.contmig.gate.Verdict.FAIL);
        assertThat(gate(report, "downtime(rest.updateDevice@colocated) <= 250ms").value()).isEqualTo(0.0);
        assertThat(Files.readString(dir.resolve("run/latency.hlog"))).contains("Tag=rest.updateDevice.gap@acme,44.990,0.310,");
    }

    private static GateReport gate(RunReport report, String expression) {
        return report.gates().stream().filter(g -> g.expression().equals(expression)).findFirst().orElseThrow();
    }
}
