package io.contmig.runner;

import io.contmig.inject.InjectorFactories;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.runner.bench.EndpointCredentials;
import io.contmig.runner.study.Advisor;
import io.contmig.runner.study.ColdTrials;
import io.contmig.runner.study.MetricSummary;
import io.contmig.runner.study.StudyException;
import io.contmig.runner.study.StudyResolver;
import io.contmig.runner.study.StudyResult;
import io.contmig.runner.study.StudyRun;
import io.contmig.runner.study.StudySource;
import io.contmig.runner.study.TrialExecutor;
import io.contmig.runner.study.WarmTrials;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The {@code study} command: reads the study ({@code --study} / {@code contmig.study}, else the shipped default),
 * resolves and validates every cell's scenario with the global {@code contmig.<path>} overrides (every problem at once,
 * nothing started), runs the trials interleaved, and writes {@code <output>/studies/<studyId>/} and
 * {@code <output>/latest-study}. With {@code --run-dir} / {@code contmig.runDir} naming a stored study directory it
 * runs nothing and re-analyzes that study's stored trials with the study file's cells and SLOs. Exit 0 when the study ran (whatever the advisor found: a study explores, it does not
 * gate); 1 on bad input; 3 when no trial could run. One instance per invocation; not thread-safe.
 */
final class StudyCommand {

    private final Arguments arguments;
    private final Properties properties;
    private final PrintStream out;

    StudyCommand(Arguments arguments, Properties properties, PrintStream out) {
        this.arguments = arguments;
        this.properties = properties;
        this.out = out;
    }

    ExitCode run() throws ContmigException {
        StudySource source = source();
        Optional<String> stored = arguments.option("run-dir").or(() -> Optional.ofNullable(properties.getProperty("contmig.runDir")));
        if (stored.isPresent()) {
            return reanalyze(source, Path.of(stored.get()));
        }
        List<StudyResolver.Trial> trials;
        try {
            trials = new StudyResolver(PlanResolver.standard(InjectorFactories.installed().catalog()))
                    .resolve(source.study(), source.base(), Overrides.fromProperties(properties));
        } catch (StudyException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, source.origin() + ": " + e.getMessage(), e);
        }
        trials = withCredentials(trials);
        String studyId = RunIds.next(source.study().name());
        boolean warm = source.study().isolation().equals(io.contmig.runner.study.Study.WARM);
        out.println("[contmig] study " + studyId + ": " + source.study().cells().size() + " cells x "
                + source.study().trials() + " trials, interleaved; " + (warm
                ? "one warm sandbox, reset and verified between trials (isolation: warm)"
                : "each trial on a fresh sandbox (isolation: cold)"));
        StudyResult result;
        try (TrialExecutor executor = warm ? new WarmTrials(arguments.output(), out, Version.harness())
                : new ColdTrials(arguments.output(), out, Version.harness())) {
            result = new StudyRun(arguments.output(), out).run(studyId, source.study(), trials, executor);
        } catch (IOException e) {
            throw new ContmigException(ExitCode.RUN_FAILED, "study " + studyId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContmigException(ExitCode.RUN_FAILED, "study " + studyId + ": interrupted", e);
        }
        out.println(summary(result, arguments.output().resolve("studies").resolve(studyId)));
        boolean anyReport = result.cells().stream().flatMap(c -> c.trials().stream()).anyMatch(t -> t.report() != null);
        if (!anyReport) {
            throw new ContmigException(ExitCode.RUN_FAILED, "study " + studyId + ": no trial could run (see above)");
        }
        return ExitCode.OK;
    }

    /** Each trial's plan completed with the endpoint credentials of the environment, as {@code bench} does. */
    private static List<StudyResolver.Trial> withCredentials(List<StudyResolver.Trial> trials) throws ContmigException {
        EndpointCredentials credentials = EndpointCredentials.fromEnvironment();
        List<StudyResolver.Trial> out = new java.util.ArrayList<>();
        for (StudyResolver.Trial t : trials) {
            try {
                out.add(new StudyResolver.Trial(t.cellIndex(), t.cell(), t.trial(), t.runId(), credentials.complete(t.plan())));
            } catch (EndpointCredentials.CredentialsException e) {
                throw new ContmigException(ExitCode.INVALID_INPUT, e.getMessage());
            }
        }
        return out;
    }

    /** Re-analyzes the stored study in {@code dir} with {@code source}'s cells and SLOs; runs nothing. */
    private ExitCode reanalyze(StudySource source, Path dir) throws ContmigException {
        if (!Files.isDirectory(dir.resolve("runs"))) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: '" + dir + "' is not a study directory (no runs/)");
        }
        try {
            StudyResult result = StudyRun.reanalyze(dir, source.study());
            out.println(summary(result, dir));
            return ExitCode.OK;
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: " + dir + ": " + e.getMessage(), e);
        }
    }

    private StudySource source() throws ContmigException {
        Optional<String> file = arguments.option("study").or(() -> Optional.ofNullable(properties.getProperty("contmig.study")));
        try {
            if (file.isEmpty()) {
                return StudySource.defaultStudy();
            }
            Path path = Path.of(file.get());
            if (!Files.isRegularFile(path)) {
                throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.study: '" + path
                        + "' does not exist or is not a file");
            }
            return StudySource.file(path);
        } catch (StudyException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, file.orElse("default-study.yaml") + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.study: cannot read: " + e.getMessage(), e);
        }
    }

    /** The headline figures per cell (median [interval]) and the recommendation, for the console. */
    static String summary(StudyResult r, Path dir) {
        StringBuilder s = new StringBuilder("contmig study ").append(r.studyId()).append(System.lineSeparator());
        for (StudyResult.Cell c : r.cells()) {
            s.append("  ").append(c.name()).append(": ").append(c.trials().stream().map(t -> t.verdict()).toList())
                    .append(c.meetsSlo() ? ", meets the SLO" : ", does not meet the SLO").append(System.lineSeparator());
            for (Map.Entry<String, MetricSummary> e : c.metrics().entrySet()) {
                if (e.getKey().endsWith(".durationMs") || e.getKey().endsWith("mqtt.e2e.p99Ratio@migrated")
                        || e.getKey().endsWith("mqtt.e2e.p99Ratio@colocated")) {
                    MetricSummary m = e.getValue();
                    s.append(String.format(Locale.ROOT, "    %-40s %10.3f [%.3f, %.3f] n=%d%n", e.getKey(), m.median(),
                            m.ciLow(), m.ciHigh(), m.n()));
                }
            }
        }
        Advisor.Recommendation rec = r.recommendation();
        s.append("  recommendation: ").append(rec.cell() == null ? "none" : rec.cell()).append(System.lineSeparator())
                .append("    ").append(rec.why()).append(System.lineSeparator());
        s.append("  study:  ").append(dir.resolve("study.html").toAbsolutePath());
        return s.toString();
    }
}
