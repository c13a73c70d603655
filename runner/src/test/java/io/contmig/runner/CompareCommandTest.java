package io.contmig.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.runner.study.Study;
import io.contmig.runner.study.StudyAnalysis;
import io.contmig.runner.study.StudyCell;
import io.contmig.runner.study.StudyRun;
import io.contmig.runner.study.TrialResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code compare} on two stored studies: the same figures pass, a slower candidate fails with its regressions. */
class CompareCommandTest {

    @TempDir
    Path dir;

    @Test
    void aSlowerStudyFailsAndTheSameStudyPasses() throws Exception {
        Path base = study("base", 1.0);
        Path same = study("same", 1.02);
        Path slow = study("slow", 1.5);
        assertEquals(ExitCode.OK, compare(base, same, "10%"));
        JsonNode ok = new ObjectMapper().readTree(same.resolve("comparison.json").toFile());
        assertEquals("PASS", ok.path("verdict").asText());
        assertTrue(ok.path("metrics").size() > 0 && ok.path("regressions").isEmpty());

        assertEquals(ExitCode.VERDICT_FAIL, compare(base, slow, "0.1"));
        JsonNode fail = new ObjectMapper().readTree(slow.resolve("comparison.json").toFile());
        assertEquals("FAIL", fail.path("verdict").asText());
        assertTrue(fail.path("regressions").findValuesAsText("metric").contains("a/move.durationMs"), fail.toString());
        assertTrue(Files.readString(slow.resolve("comparison.html")).contains("Regressions ("));
        assertEquals(ExitCode.OK, compare(base, slow, "60%"), "within a 60 % threshold");
    }

    @Test
    void thresholdsAndMismatchedKindsAreBadInput() throws Exception {
        assertEquals(0.1, CompareCommand.threshold("10%"), 1e-12);
        assertEquals(0.1, CompareCommand.threshold("10"), 1e-12);
        assertEquals(0.05, CompareCommand.threshold("0.05"), 1e-12);
        ContmigException e = assertThrows(ContmigException.class, () -> CompareCommand.threshold("lots"));
        assertTrue(e.getMessage().startsWith("contmig.regressionThreshold: 'lots'"), e.getMessage());
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("report.json"), "{}");
        ContmigException kinds = assertThrows(ContmigException.class,
                () -> new CompareCommand(new Arguments("compare", Map.of("baseline", study("b", 1).toString(),
                        "run-dir", run.toString(), "output", dir.toString())), new java.util.Properties(),
                        new PrintStream(new ByteArrayOutputStream())).run());
        assertTrue(kinds.getMessage().contains("compare like with like"), kinds.getMessage());
    }

    private ExitCode compare(Path baseline, Path candidate, String threshold) throws ContmigException {
        return new CompareCommand(new Arguments("compare", Map.of("baseline", baseline.toString(), "run-dir",
                candidate.toString(), "threshold", threshold, "output", dir.toString())), new java.util.Properties(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    }

    /** A stored study of one cell "a", 5 trials, durations about 4 s × {@code factor}. */
    private Path study(String name, double factor) throws Exception {
        Study study = new Study(name, Optional.empty(), 5, List.of(new StudyCell("a", Map.of())), List.of());
        List<TrialResult> trials = new ArrayList<>();
        double[] durations = {4000, 4100, 3900, 4050, 3950};
        for (int t = 0; t < durations.length; t++) {
            JsonNode report = new ObjectMapper().readTree("{\"injections\": [{\"name\": \"move\", \"startMs\": 0, "
                    + "\"endMs\": " + durations[t] * factor + ", \"verification\": {\"verdict\": \"PASS\", \"lost\": 0}}]}");
            trials.add(new TrialResult(0, t, "a-t" + (t + 1), "PASS", report, 60));
        }
        Path studyDir = Files.createDirectories(dir.resolve(name));
        StudyRun.write(StudyAnalysis.analyze(name, study, trials), studyDir);
        return studyDir;
    }
}
