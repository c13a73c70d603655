package io.contmig.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.gate.Verdict;
import io.contmig.plan.PlanDocument;
import io.contmig.record.RunRecord;
import io.contmig.report.GateReport;
import io.contmig.report.Reports;
import io.contmig.report.RunReport;
import io.contmig.report.study.ComparisonPage;
import io.contmig.runner.compare.Compared;
import io.contmig.runner.compare.Comparisons;
import io.contmig.runner.study.StudyFiles;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code compare} command: compares a candidate (a run or a study directory; {@code --run-dir} /
 * {@code contmig.runDir}, else the one {@code latest} — or {@code latest-study} when the baseline is a study — names)
 * with a baseline of the same kind ({@code --baseline} / {@code contmig.baseline}) by {@link Comparisons}, writes
 * {@code comparison.json} and {@code comparison.html} into the candidate's directory, and exits 2 (the build fails)
 * when a metric regressed beyond the threshold ({@code --threshold} / {@code contmig.regressionThreshold}, default
 * 10 %: {@code 10%}, {@code 10} or {@code 0.1}) with confidence. Runs: the candidate's gates that read the baseline
 * ({@code baseline.p99(...)}) are judged against it too ({@link GateBaseline}; {@code gates} in comparison.json): one
 * that FAILs fails the comparison, one that is UNKNOWN makes it UNKNOWN (exit 4) unless something FAILs. One instance
 * per invocation; not thread-safe.
 */
final class CompareCommand {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Arguments arguments;
    private final Properties properties;
    private final PrintStream out;

    CompareCommand(Arguments arguments, Properties properties, PrintStream out) {
        this.arguments = arguments;
        this.properties = properties;
        this.out = out;
    }

    ExitCode run() throws ContmigException {
        Path baseline = arguments.option("baseline").or(() -> Optional.ofNullable(properties.getProperty("contmig.baseline")))
                .map(Path::of).orElseThrow(() -> new ContmigException(ExitCode.INVALID_INPUT,
                        "contmig.baseline: required (a run or study directory to compare with)"));
        double threshold = threshold(arguments.option("threshold")
                .or(() -> Optional.ofNullable(properties.getProperty("contmig.regressionThreshold"))).orElse("10%"));
        boolean study = Files.isRegularFile(baseline.resolve("study.json"));
        if (!study && !Files.isRegularFile(baseline.resolve("report.json"))) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.baseline: '" + baseline
                    + "' holds neither study.json nor report.json");
        }
        Path candidate = candidate(study);
        String file = study ? "study.json" : "report.json";
        if (!Files.isRegularFile(candidate.resolve(file))) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: '" + candidate + "' has no " + file
                    + " (the baseline is a " + (study ? "study" : "run") + "; compare like with like)");
        }
        List<Compared> compared;
        try {
            JsonNode b = JSON.readTree(baseline.resolve(file).toFile());
            JsonNode c = JSON.readTree(candidate.resolve(file).toFile());
            compared = study ? Comparisons.studies(b, c, threshold) : Comparisons.runs(baseline, b, candidate, c, threshold);
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "compare: " + e.getMessage(), e);
        }
        List<GateReport> gates = study ? List.of() : baselineGates(baseline, candidate);
        ObjectNode json = json(baseline, candidate, study, threshold, compared);
        gates(json, gates);
        try {
            Files.writeString(candidate.resolve("comparison.json"), JSON.writeValueAsString(json) + "\n",
                    StandardCharsets.UTF_8);
            try (Writer w = Files.newBufferedWriter(candidate.resolve("comparison.html"), StandardCharsets.UTF_8)) {
                ComparisonPage.render(json, w);
            }
        } catch (IOException e) {
            throw new ContmigException(ExitCode.RUN_FAILED, "compare: cannot write into " + candidate + ": " + e.getMessage(), e);
        }
        List<Compared> regressions = compared.stream().filter(Compared::regression).toList();
        out.println("[contmig] compare " + candidate + " with baseline " + baseline + ": " + compared.size()
                + " metrics, " + regressions.size() + " regressions beyond " + Math.round(threshold * 100) + " %");
        out.println("[contmig]   " + json.path("howSure").asText());
        for (Compared r : regressions) {
            out.println(String.format(Locale.ROOT, "[contmig]   REGRESSION %s: %.3f -> %.3f, ratio %.3f [%.3f, %.3f]",
                    r.metric(), r.baseline(), r.candidate(), r.ratio(), r.ciLow(), r.ciHigh()));
        }
        for (GateReport g : gates) {
            out.println("[contmig]   gate '" + g.expression() + "' " + g.verdict() + ": " + g.detail());
        }
        out.println("[contmig]   verdict " + json.path("verdict").asText() + "; " + candidate.resolve("comparison.html").toAbsolutePath());
        return ExitCode.ofVerdict(json.path("verdict").asText());
    }

    /**
     * The candidate run's gates that read the baseline, judged against it by the judge's own rules; none when its
     * plan has no such gate (then neither record is analysed again).
     */
    private static List<GateReport> baselineGates(Path baseline, Path candidate) throws ContmigException {
        RunRecord record;
        try {
            record = RunRecord.open(candidate);
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: " + candidate + ": " + e.getMessage(), e);
        }
        try {
            if (PlanDocument.read(record.plan()).gates().stream().noneMatch(g -> GateBaseline.readsBaseline(g.expression()))) {
                return List.of();
            }
            RunReport judged = Reports.analyze(record, GateBaseline.load(baseline));
            return judged.gates().stream().filter(g -> GateBaseline.readsBaseline(g.expression())).toList();
        } catch (IOException | IllegalArgumentException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: " + candidate + ": " + e.getMessage(), e);
        }
    }

    /** Adds the baseline gates to {@code json} and merges their verdicts into its verdict (FAIL > UNKNOWN > PASS). */
    private static void gates(ObjectNode json, List<GateReport> gates) {
        if (gates.isEmpty()) {
            return;
        }
        ArrayNode array = json.putArray("gates");
        Verdict verdict = Verdict.valueOf(json.path("verdict").asText());
        for (GateReport g : gates) {
            ObjectNode x = array.addObject();
            x.put("expression", g.expression());
            if (!g.injection().isEmpty()) {
                x.put("injection", g.injection());
            }
            x.put("verdict", g.verdict().name());
            StudyFiles.number(x, "value", g.value());
            x.put("detail", g.detail());
            verdict = verdict.and(g.verdict());
        }
        json.put("verdict", verdict.name());
    }

    private Path candidate(boolean study) throws ContmigException {
        Optional<Path> explicit = arguments.option("run-dir").or(() -> Optional.ofNullable(properties.getProperty("contmig.runDir")))
                .map(Path::of);
        if (!study) {
            return new RunDirectories(arguments.output()).resolve(explicit);
        }
        if (explicit.isPresent()) {
            return explicit.get();
        }
        Path latest = arguments.output().resolve("latest-study");
        try {
            return Path.of(Files.readString(latest, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: not set and " + latest
                    + " cannot be read (run `mvn contmig:study` first, or pass -Dcontmig.runDir=DIR)", e);
        }
    }

    /** {@code 10%}, {@code 10} (percent) or {@code 0.1} (a fraction) → 0.1. */
    static double threshold(String text) throws ContmigException {
        String t = text.trim();
        try {
            double v = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1).trim() : t);
            double fraction = t.endsWith("%") || v >= 1 ? v / 100 : v;
            if (fraction < 0 || Double.isNaN(fraction) || Double.isInfinite(fraction)) {
                throw new NumberFormatException();
            }
            return fraction;
        } catch (NumberFormatException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.regressionThreshold: '" + text
                    + "' is not a percentage (e.g. 10% or 0.1)");
        }
    }

    private static ObjectNode json(Path baseline, Path candidate, boolean study, double threshold, List<Compared> all) {
        ObjectNode root = JSON.createObjectNode();
        root.put("baseline", baseline.toAbsolutePath().normalize().toString());
        root.put("candidate", candidate.toAbsolutePath().normalize().toString());
        root.put("kind", study ? "studies" : "runs");
        root.put("threshold", threshold);
        root.put("method", study
                ? "per cell and metric: ratio of medians over trials (candidate / baseline), 95 % percentile-bootstrap"
                + " interval; a regression when the interval's lower end exceeds 1 + threshold"
                : "per injection, window (before, during) and operation: p50 and p99 of the 1 s interval histograms in the"
                + " window, ratio candidate / baseline with a moving-block bootstrap interval (blocks of cbrt(m) seconds);"
                + " a regression when the interval's lower end exceeds 1 + threshold");
        root.put("howSure", study
                ? "intervals over independent trials: they include run-to-run noise; with fewer than 5 trials per side"
                + " they are coarse"
                : "one run per side: the intervals hold only the noise inside each run, not between runs (another seed,"
                + " a busier machine), so only a large and steady change is certain; durations are single values and"
                + " are not judged; run studies on both sides to be sure of small changes");
        ArrayNode regressions = root.putArray("regressions");
        ArrayNode metrics = root.putArray("metrics");
        for (Compared c : all) {
            ObjectNode x = (c.regression() ? regressions : metrics).addObject();
            fill(x, c);
            if (c.regression()) {
                fill(metrics.addObject(), c);
            }
        }
        root.put("verdict", regressions.isEmpty() ? "PASS" : "FAIL");
        return root;
    }

    private static void fill(ObjectNode x, Compared c) {
        x.put("metric", c.metric());
        StudyFiles.number(x, "baseline", c.baseline());
        StudyFiles.number(x, "candidate", c.candidate());
        StudyFiles.number(x, "ratio", c.ratio());
        StudyFiles.number(x, "ciLow", c.ciLow());
        StudyFiles.number(x, "ciHigh", c.ciHigh());
        x.put("regression", c.regression());
        x.put("note", c.note());
    }
}
