package io.contmig.runner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.report.study.StudyPage;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a resolved study: every trial in the given (interleaved) order through a {@link TrialExecutor}, each into
 * {@code <output>/studies/<studyId>/runs/<runId>/}; then the analysis ({@link StudyAnalysis}) into {@code study.json},
 * {@code study.csv} and {@code study.html}, and {@code <output>/latest-study} pointing at the study directory
 * (written at the start too, so that an interrupted study is found). A trial that cannot run is recorded as aborted
 * and the study goes on. Not thread-safe: one study per instance.
 */
public final class StudyRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path outputDirectory;
    private final PrintStream console;

    public StudyRun(Path outputDirectory, PrintStream console) {
        this.outputDirectory = outputDirectory;
        this.console = console;
    }

    /**
     * Runs {@code trials} of {@code study} with {@code executor} and writes the study's files.
     *
     * @return the analysis
     * @throws IOException when the study directory or its files cannot be written
     */
    public StudyResult run(String studyId, Study study, List<StudyResolver.Trial> trials, TrialExecutor executor)
            throws IOException, InterruptedException {
        Path dir = outputDirectory.resolve("studies").resolve(studyId);
        Files.createDirectories(dir.resolve("runs"));
        markLatest(dir);
        List<TrialResult> results = new ArrayList<>();
        long studyStart = System.nanoTime();
        for (int i = 0; i < trials.size(); i++) {
            StudyResolver.Trial trial = trials.get(i);
            console.println(String.format(Locale.ROOT, "[contmig] study %s: trial %d/%d: cell %s, trial %d, seed %d",
                    studyId, i + 1, trials.size(), trial.cell().name(), trial.trial() + 1, trial.plan().seed()));
            long start = System.nanoTime();
            Path runDir = dir.resolve("runs").resolve(trial.runId());
            String verdict = executor.run(trial, runDir);
            double wall = (System.nanoTime() - start) / 1e9;
            JsonNode report = report(runDir);
            TrialStart ready = executor.lastStart();
            results.add(new TrialResult(trial.cellIndex(), trial.trial(), trial.runId(), verdict, report, wall, ready));
            console.println(report == null
                    ? String.format(Locale.ROOT, "[contmig]   %s: %s in %.1f s wall (no report: the trial could not run)",
                    trial.runId(), verdict, wall)
                    : String.format(Locale.ROOT, "[contmig]   %s: %s in %.1f s wall, %.1f s of it outside the scenario's"
                    + " %d s (target start or reset, provisioning, drain, checks, reports); %.1f s between trials (%s)",
                    trial.runId(), verdict, wall, wall - trial.plan().duration().toSeconds(),
                    trial.plan().duration().toSeconds(), ready.betweenSeconds(), ready.isolation()));
        }
        StudyResult result = StudyAnalysis.analyze(studyId, study, results);
        write(result, dir);
        console.println(String.format(Locale.ROOT, "[contmig] study %s: %d trials in %.1f min", studyId, trials.size(),
                (System.nanoTime() - studyStart) / 6e10));
        return result;
    }

    /**
     * Re-analyzes a stored study directory with {@code study} (its SLOs may have changed) from the trials' stored
     * reports alone ({@code runs/<cell>-t<n>/report.json} and {@code verdict.json}), runs nothing, and rewrites
     * study.json, study.csv and study.html; a trial without a report counts as one that could not run.
     */
    public static StudyResult reanalyze(Path dir, Study study) throws IOException {
        // Wall times and starts are facts of the original run; keep them from the previous study.json when it has them.
        java.util.Map<String, Double> wall = new java.util.HashMap<>();
        java.util.Map<String, TrialStart> starts = new java.util.HashMap<>();
        if (Files.isRegularFile(dir.resolve("study.json"))) {
            for (JsonNode c : JSON.readTree(dir.resolve("study.json").toFile()).path("cells")) {
                for (int i = 0; i < c.path("runs").size(); i++) {
                    wall.put(c.path("runs").get(i).asText(), c.path("wallSeconds").path(i).asDouble(Double.NaN));
                    starts.put(c.path("runs").get(i).asText(), new TrialStart(c.path("isolation").path(i).asText(""),
                            c.path("betweenSeconds").path(i).asDouble(Double.NaN)));
                }
            }
        }
        List<TrialResult> results = new ArrayList<>();
        for (int c = 0; c < study.cells().size(); c++) {
            for (int t = 0; t < study.trials(); t++) {
                String runId = StudyResolver.runId(study.cells().get(c), t);
                Path runDir = dir.resolve("runs").resolve(runId);
                JsonNode verdict = Files.isRegularFile(runDir.resolve("verdict.json"))
                        ? JSON.readTree(runDir.resolve("verdict.json").toFile()) : null;
                results.add(new TrialResult(c, t, runId, verdict == null ? "UNKNOWN" : verdict.path("verdict").asText("UNKNOWN"),
                        report(runDir), wall.getOrDefault(runId, Double.NaN),
                        starts.getOrDefault(runId, TrialStart.UNKNOWN)));
            }
        }
        StudyResult result = StudyAnalysis.analyze(dir.getFileName().toString(), study, results);
        write(result, dir);
        return result;
    }

    /** Writes study.json, study.csv and study.html of {@code result} into {@code dir}. */
    public static void write(StudyResult result, Path dir) throws IOException {
        StudyFiles.write(result, dir);
        try (Writer out = Files.newBufferedWriter(dir.resolve("study.html"), StandardCharsets.UTF_8)) {
            StudyPage.render(StudyFiles.json(result), out);
        }
    }

    private static JsonNode report(Path runDir) {
        Path file = runDir.resolve("report.json");
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    private void markLatest(Path dir) throws IOException {
        Path tmp = outputDirectory.resolve("latest-study.tmp");
        Files.writeString(tmp, dir.toAbsolutePath().normalize() + System.lineSeparator(), StandardCharsets.UTF_8);
        Files.move(tmp, outputDirectory.resolve("latest-study"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }
}
