package io.contmig.runner;

import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanException;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import io.contmig.record.RunRecord;
import io.contmig.report.Reports;
import io.contmig.report.RunReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What each runner command does, given its parsed {@link Arguments} and the {@code contmig.*} system properties.
 * One instance per command invocation; not thread-safe.
 */
final class Commands {

    private final Arguments arguments;
    private final Properties properties;
    private final PrintStream out;

    Commands(Arguments arguments, Properties properties, PrintStream out) {
        this.arguments = arguments;
        this.properties = properties;
        this.out = out;
    }

    /** {@code plan}: resolve, validate, print the plan and its schedule; start nothing. */
    ExitCode plan() throws ContmigException {
        BenchPlan plan = resolvePlan();
        out.println(plan.describe());
        return ExitCode.OK;
    }

    /** {@code report}: re-render a stored run from its record only, then point {@code latest} at it. */
    ExitCode report() throws ContmigException {
        RunDirectories runs = new RunDirectories(arguments.output());
        Path runDir = runs.resolve(arguments.option("run-dir").or(() -> Optional.ofNullable(
                properties.getProperty("contmig.runDir"))).map(Path::of));
        RunReport report = render(runDir);
        try {
            runs.markLatest(runDir);
        } catch (IOException e) {
            throw new ContmigException(ExitCode.RUN_FAILED, "cannot write " + runs.outputDirectory().resolve("latest")
                    + ": " + e.getMessage(), e);
        }
        out.println(summary(report, runDir));
        return ExitCode.OK;
    }

    /** Analyzes the record in {@code runDir} and writes every report format there. */
    static RunReport render(Path runDir) throws ContmigException {
        try {
            return Reports.writeAll(RunRecord.open(runDir), runDir);
        } catch (NoSuchFileException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: " + e.getFile() + ": "
                    + (e.getReason() == null ? "does not exist" : e.getReason()), e);
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** Where the reports are and what the verdict is, for the console. */
    static String summary(RunReport report, Path runDir) {
        StringBuilder s = new StringBuilder();
        s.append("contmig run ").append(report.runId()).append(" (target ").append(report.target()).append(')')
                .append(System.lineSeparator()).append("  verdict: ").append(report.verdict());
        report.reasons().forEach(r -> s.append(System.lineSeparator()).append("    - ").append(r));
        s.append(System.lineSeparator()).append("  report:  ").append(runDir.resolve("report/index.html").toAbsolutePath());
        return s.toString();
    }

    ExitCode bench() throws ContmigException {
        throw new ContmigException(ExitCode.RUN_FAILED, "bench: the runner is not in this build yet");
    }

    ExitCode sandbox() throws ContmigException {
        throw new ContmigException(ExitCode.RUN_FAILED, "sandbox: the sandbox is not in this build yet");
    }

    /** The scenario (given or shipped default) with {@code contmig.*} overrides, resolved and validated. */
    BenchPlan resolvePlan() throws ContmigException {
        ScenarioSource source;
        Optional<String> scenario = arguments.option("scenario").or(() -> Optional.ofNullable(
                properties.getProperty("contmig.scenario")));
        try {
            if (scenario.isPresent()) {
                Path file = Path.of(scenario.get());
                if (!Files.isRegularFile(file)) {
                    throw new ContmigException(ExitCode.INVALID_INPUT,
                            "contmig.scenario: '" + file + "' does not exist or is not a file");
                }
                source = ScenarioSource.file(file);
            } else {
                source = ScenarioSource.defaultScenario();
            }
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.scenario: cannot read: " + e.getMessage(), e);
        }
        try {
            return PlanResolver.standard(injectorOptions()).resolve(source, Overrides.fromProperties(properties));
        } catch (PlanException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, source.origin() + ": " + e.getMessage(), e);
        }
    }

    /** Alias → option specs of every installed injector factory. */
    static Map<String, List<OptionSpec>> injectorOptions() {
        Map<String, List<OptionSpec>> specs = new LinkedHashMap<>();
        for (InjectorFactory f : InjectorFactories.installed().all()) {
            specs.put(f.alias(), f.options());
        }
        return specs;
    }
}
