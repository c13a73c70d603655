package io.contmig.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.record.LatencyLogWriter;
import io.contmig.record.ManualRunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.record.TimelineWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code report} and {@code compare} with {@code --baseline}: gates that read the baseline are judged against a
 * second run directory (both written by contmig's own timeline, recorder and log writers, then rendered by the
 * {@code report} command), UNKNOWN without one, and a bad baseline is bad input naming it.
 */
class BaselineGatesCommandTest {

    private static final String GATE = "p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)";

    @TempDir
    Path out;

    @Test
    void reportJudgesBaselineGatesOnlyWithABaseline() throws Exception {
        Path base = run("base", 20);
        Path slow = run("slow", 30);
        assertThat(main("report", "--run-dir", slow.toString())).isEqualTo(ExitCode.OK);
        JsonNode alone = json(slow.resolve("report.json"));
        assertThat(alone.path("gates").get(0).path("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(alone.path("gates").get(0).path("detail").asText()).contains("no baseline given");

        assertThat(main("report", "--run-dir", slow.toString(), "--baseline", base.toString())).isEqualTo(ExitCode.OK);
        JsonNode judged = json(slow.resolve("report.json"));
        assertThat(judged.path("gates").get(0).path("verdict").asText()).isEqualTo("FAIL");
        assertThat(judged.path("conditions").path("gateBaseline").asText()).isEqualTo(base.toAbsolutePath().toString());
        assertThat(json(slow.resolve("verdict.json")).path("verdict").asText()).isEqualTo("FAIL");
    }

    @Test
    void compareJudgesTheCandidatesBaselineGates() throws Exception {
        Path base = run("base", 20);
        Path same = run("same", 21);
        Path slow = run("slow", 30);
        for (Path p : List.of(base, same, slow)) {
            assertThat(main("report", "--run-dir", p.toString())).isEqualTo(ExitCode.OK);
        }
        assertThat(main("compare", "--baseline", base.toString(), "--run-dir", same.toString())).isEqualTo(ExitCode.OK);
        JsonNode pass = json(same.resolve("comparison.json"));
        assertThat(pass.path("verdict").asText()).isEqualTo("PASS");
        assertThat(pass.path("gates").get(0).path("expression").asText()).isEqualTo(GATE);
        assertThat(pass.path("gates").get(0).path("verdict").asText()).isEqualTo("PASS");
        assertThat(pass.path("gates")).hasSize(1).as("only the gates that read the baseline");

        assertThat(main("compare", "--baseline", base.toString(), "--run-dir", slow.toString()))
                .isEqualTo(ExitCode.VERDICT_FAIL);
        JsonNode fail = json(slow.resolve("comparison.json"));
        assertThat(fail.path("gates").get(0).path("verdict").asText()).isEqualTo("FAIL");
        assertThat(Files.readString(slow.resolve("comparison.html"))).contains("Gates that read the baseline (1)");

        Path odd = run("odd", 21, "p99(mqtt.e2e, during) <= baseline.p99(mqtt.e2e, nophase)");
        assertThat(main("report", "--run-dir", odd.toString())).isEqualTo(ExitCode.OK);
        assertThat(main("compare", "--baseline", base.toString(), "--run-dir", odd.toString()))
                .isEqualTo(ExitCode.VERDICT_UNKNOWN);
        JsonNode unknown = json(odd.resolve("comparison.json"));
        assertThat(unknown.path("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(unknown.path("gates").get(0).path("detail").asText())
                .isEqualTo("baseline base: injection 'move' has no window or phase 'nophase'");
    }

    @Test
    void aBaselineThatIsNotARunIsBadInputNamingIt() throws Exception {
        Path slow = run("slow", 30);
        Path empty = Files.createDirectories(out.resolve("empty"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code = Main.run(List.of("report", "--output", out.toString(), "--run-dir", slow.toString(),
                "--baseline", empty.toString()), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("contmig.baseline: ").contains("timeline.jsonl")
                .doesNotContain("Exception");
        Files.writeString(empty.resolve("study.json"), "{}");
        assertThat(main("report", "--run-dir", slow.toString(), "--baseline", empty.toString()))
                .isEqualTo(ExitCode.INVALID_INPUT);
    }

    private ExitCode main(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add(1, "--output");
        all.add(2, out.toString());
        return Main.run(all, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    /**
     * A 60 s run: injection {@code move} of acme at 30..40 s; mqtt.e2e of acme and globex at 25/s each, 10 ms
     * (+ up to 0.9 ms) outside the move and {@code duringMs} inside it; one gate that reads the baseline
     * ({@code baselineGate}) and one that does not.
     */
    private Path run(String name, long duringMs) throws IOException {
        return run(name, duringMs, GATE);
    }

    private Path run(String name, long duringMs, String baselineGate) throws IOException {
        Path dir = Files.createDirectories(out.resolve(name));
        Files.writeString(dir.resolve("plan.json"), "{\"gates\": [\"" + baselineGate + "\", \"count(mqtt.e2e, during) > 0\"]}");
        ManualRunClock clock = new ManualRunClock();
        SampleRecorder recorder = new SampleRecorder();
        int acme = recorder.operation("mqtt.e2e", "acme");
        int globex = recorder.operation("mqtt.e2e", "globex");
        try (TimelineWriter timeline = new TimelineWriter(dir.resolve("timeline.jsonl"), clock);
             LatencyLogWriter log = new LatencyLogWriter(dir.resolve("latency.hlog"), recorder, clock)) {
            timeline.mark("run-started", "runner", Map.of());
            long nextFlushMs = 1_000;
            for (long ms = 0; ms < 60_000; ms += 40) {
                if (ms >= nextFlushMs) {
                    clock.set(nextFlushMs * 1_000_000L);
                    log.flush();
                    nextFlushMs += 1_000;
                }
                clock.set(ms * 1_000_000L);
                if (ms == 30_000) {
                    timeline.mark("injection-started", "move", Map.of("injection", "move", "injectionKind", "migration",
                            "tenant", "acme"));
                } else if (ms == 40_000) {
                    timeline.mark("injection-finished", "move", Map.of("injection", "move"));
                    timeline.mark("heal-finished", "move", Map.of("injection", "move"));
                }
                long latencyNanos = ((ms >= 30_000 && ms < 40_000 ? duringMs * 1_000 : 10_000) + (ms / 40 % 10) * 100)
                        * 1_000L;
                long intended = ms * 1_000_000L;
                recorder.record(acme, intended, intended, intended + latencyNanos, true);
                recorder.record(globex, intended, intended, intended + latencyNanos, true);
            }
            clock.set(60_000 * 1_000_000L);
            log.flush();
            timeline.mark("run-finished", "runner", Map.of());
        }
        return dir;
    }
}
