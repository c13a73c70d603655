package io.contmig.runner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole study through {@link StudyRun} with trials that write synthetic reports: files, order, page. */
class StudyRunTest {

    @TempDir
    Path output;

    @Test
    void runsTrialsInterleavedAndWritesTheStudyFiles() throws Exception {
        Study study = new Study("two", Optional.empty(), 2, List.of(
                new StudyCell("a", Map.of("injections.move.migration.strategy", "stop-and-copy")),
                new StudyCell("b", Map.of("injections.move.migration.strategy", "logical-replication"))),
                List.of(new Study.Slo("lost == 0", "")));
        List<String> ran = new ArrayList<>();
        TrialExecutor fake = new TrialExecutor() {
            @Override
            public String run(StudyResolver.Trial trial, Path runDir) throws InterruptedException {
                ran.add(trial.runId());
                try {
                    Files.createDirectories(runDir);
                    double duration = trial.cellIndex() == 0 ? 4000 + trial.trial() * 100 : 9000 + trial.trial() * 100;
                    Files.writeString(runDir.resolve("report.json"),
                            SyntheticReports.report(duration, 2 - trial.cellIndex(), 1.1, 0).toString());
                } catch (java.io.IOException e) {
                    throw new AssertionError(e);
                }
                return "PASS";
            }

            @Override
            public void close() {
            }
        };
        List<StudyResolver.Trial> trials = new ArrayList<>();
        io.contmig.plan.BenchPlan plan = io.contmig.plan.PlanResolver.standard(
                io.contmig.inject.InjectorFactories.installed().catalog())
                .resolve(io.contmig.plan.ScenarioSource.defaultScenario(), io.contmig.plan.Overrides.NONE);
        for (TrialOrder.Slot slot : TrialOrder.interleaved(2, 2)) {
            StudyCell cell = study.cells().get(slot.cell());
            trials.add(new StudyResolver.Trial(slot.cell(), cell, slot.trial(), StudyResolver.runId(cell, slot.trial()), plan));
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        StudyResult result = new StudyRun(output, new PrintStream(console, true, StandardCharsets.UTF_8))
                .run("2026-12-03T00-00-00Z-two", study, trials, fake);

        assertEquals(List.of("a-t1", "b-t1", "b-t2", "a-t2"), ran);
        Path dir = output.resolve("studies/2026-12-03T00-00-00Z-two");
        assertEquals(dir.toAbsolutePath().normalize().toString(), Files.readString(output.resolve("latest-study")).trim());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("study.json").toFile());
        for (String key : List.of("studyId", "name", "trials", "confidence", "method", "cells", "comparisons", "recommendation")) {
            assertTrue(json.has(key), key);
        }
        JsonNode a = json.path("cells").get(0);
        assertEquals(List.of("a-t1", "a-t2"), List.of(a.path("runs").get(0).asText(), a.path("runs").get(1).asText()));
        assertEquals(2, a.path("metrics").path("move.durationMs").path("n").asInt());
        assertEquals(4050, a.path("metrics").path("move.durationMs").path("median").asDouble());
        assertTrue(json.path("comparisons").get(0).has("significant"));
        assertEquals("a", result.recommendation().cell(), result.recommendation().why());
        String csv = Files.readString(dir.resolve("study.csv"));
        assertTrue(csv.startsWith("cell,metric,n,mean,median,ciLow,ciHigh,values\n"), csv);
        String html = Files.readString(dir.resolve("study.html"));
        assertTrue(html.contains("href=\"runs/a-t1/report/index.html\""), "links to each trial's report");
        assertTrue(html.contains("aria-label=\"forest plot of move.durationMs\""), "a forest plot per metric");
        assertTrue(html.contains("aria-label=\"duration versus degradation\""), "the scatter");
        assertTrue(html.contains("Recommended: <b>a</b>"), "the recommendation");
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("src=\"http"),
                "self-contained: fetches nothing");
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("trial 4/4: cell a, trial 2"), console.toString());

        Study stricter = new Study("two", Optional.empty(), 2, study.cells(), List.of(new Study.Slo("lost == 1", "")));
        StudyResult again = StudyRun.reanalyze(dir, stricter);
        assertEquals(null, again.recommendation().cell(), "re-analysis applies the new SLO to the stored trials");
        assertTrue(Files.readString(dir.resolve("study.json")).contains("\"slo\" : [ \"lost == 1\" ]"));
        assertEquals(result.cells().get(0).metrics(), again.cells().get(0).metrics());
        double wall = result.cells().get(0).trials().get(0).wallSeconds();
        assertEquals(wall, again.cells().get(0).trials().get(0).wallSeconds(), wall * 1e-5, "wall times are kept");
    }

    @Test
    void theDefaultStudyIsTheShippedPostgresStudy() throws Exception {
        StudySource source = StudySource.defaultStudy();
        assertEquals("pg-strategies", source.study().name());
        Path shipped = Path.of("..", "studies", "pg-strategies");
        assertEquals(Files.readString(shipped.resolve("study.yaml")), resource("default-study.yaml"),
                "runner's default-study.yaml must equal studies/pg-strategies/study.yaml");
        assertEquals(Files.readString(shipped.resolve("scenario.yaml")), resource("scenario.yaml"));
        for (Path file : List.of(shipped.resolve("study.yaml"), Path.of("..", "studies", "influxdb-strategies", "study.yaml"),
                Path.of("..", "studies", "influxdb-throttle-sweep", "study.yaml"),
                Path.of("..", "studies", "kafka-mm2-vs-reassignment", "study.yaml"))) {
            StudySource s = StudySource.file(file);
            new StudyResolver(io.contmig.plan.PlanResolver.standard(io.contmig.inject.InjectorFactories.installed().catalog()))
                    .resolve(s.study(), s.base(), io.contmig.plan.Overrides.NONE);
        }
    }

    private static String resource(String name) throws java.io.IOException {
        try (var in = StudyRunTest.class.getClassLoader().getResourceAsStream("io/contmig/runner/study/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
