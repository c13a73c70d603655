package io.contmig.runner;

import io.contmig.inject.InjectorFactories;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanException;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import io.contmig.record.RunRecord;
import io.contmig.report.BaselineRun;
import io.contmig.report.Reports;
import io.contmig.report.RunReport;
import io.contmig.runner.bench.BenchException;
import io.contmig.runner.bench.BenchRunner;
import io.contmig.runner.bench.BenchTarget;
import io.contmig.runner.bench.EndpointCredentials;
import io.contmig.runner.bench.Targets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /**
     * {@code plan}: resolve, validate, print the plan and its schedule; start nothing. With {@code --list injectors}
     * (or {@code contmig.list=injectors}) print the injector registry instead.
     */
    ExitCode plan() throws ContmigException {
        Optional<String> list = arguments.option("list").or(() -> Optional.ofNullable(
                properties.getProperty("contmig.list")));
        if (list.isPresent()) {
            if (!InjectorListing.LISTS.contains(list.get())) {
                throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.list: unknown '" + list.get()
                        + "' (expected one of: " + String.join(", ", InjectorListing.LISTS) + ")");
            }
            out.print(InjectorListing.render(InjectorFactories.installed().catalog()));
            return ExitCode.OK;
        }
        BenchPlan plan = resolvePlan();
        out.println(plan.describe());
        return ExitCode.OK;
    }

    /**
     * {@code report}: re-render a stored run from its record only (gates that read a baseline judged against
     * {@code contmig.baseline} when given), then point {@code latest} at it.
     */
    ExitCode report() throws ContmigException {
        RunDirectories runs = new RunDirectories(arguments.output());
        Path runDir = runs.resolve(arguments.option("run-dir").or(() -> Optional.ofNullable(
                properties.getProperty("contmig.runDir"))).map(Path::of));
        RunReport report = render(runDir, GateBaseline.load(arguments, properties));
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
        return render(runDir, Optional.empty());
    }

    /** As {@link #render(Path)}, the gates' {@code baseline.} quantities read from {@code baseline} when present. */
    static RunReport render(Path runDir, Optional<BaselineRun> baseline) throws ContmigException {
        try {
            RunRecord record = RunRecord.open(runDir);
            return baseline.isPresent() ? Reports.writeAll(record, runDir, baseline.get()) : Reports.writeAll(record, runDir);
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

    /**
     * {@code bench}: resolve and validate the plan (nothing starts when it is invalid), start the target, run,
     * render the reports, point {@code latest} at the run, stop the target. Exit code from the verdict (whether it
     * fails the build is the goal's decision); a run cut short gets an aborted {@code verdict.json}. A baseline
     * ({@code contmig.baseline}) is read before anything starts; without one, gates that read it are UNKNOWN, which
     * the console says before the run.
     */
    ExitCode bench() throws ContmigException {
        BenchPlan plan;
        try {
            plan = EndpointCredentials.fromEnvironment().complete(resolvePlan());
        } catch (EndpointCredentials.CredentialsException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, e.getMessage());
        }
        Optional<BaselineRun> baseline = GateBaseline.load(arguments, properties);
        if (baseline.isEmpty()) {
            plan.gates().stream().filter(g -> GateBaseline.readsBaseline(g.expression())).forEach(g -> out.println(
                    "[contmig] gate '" + g.expression() + "' reads a baseline run but contmig.baseline is not set: it"
                            + " will be UNKNOWN (no baseline given)"));
        }
        String runId = arguments.option("run-id").orElseGet(() -> RunIds.next(plan.name()));
        if (!BenchPlan.NAME.matcher(runId).matches()) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runId: '" + runId + "' must match "
                    + BenchPlan.NAME.pattern());
        }
        RunDirectories runs = new RunDirectories(arguments.output());
        Path runDir = runs.outputDirectory().resolve(runId);
        if (Files.exists(runDir)) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runId: " + runDir + " already exists");
        }
        out.println("[contmig] run " + runId + ": " + plan.duration().toSeconds() + " s on target "
                + plan.target().label() + ", " + plan.injections().size() + " injections");
        try (BenchTarget target = Targets.open(plan, runs.outputDirectory(), out)) {
            new BenchRunner(plan, runId, runDir, out, Version.harness()).run(target);
        } catch (BenchException e) {
            VerdictCheck.recordAborted(runDir, e.getMessage());
            throw new ContmigException(ExitCode.RUN_FAILED, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            VerdictCheck.recordAborted(runDir, "interrupted");
            throw new ContmigException(ExitCode.RUN_FAILED, "interrupted; every server started was stopped", e);
        } catch (RuntimeException e) {
            VerdictCheck.recordAborted(runDir, String.valueOf(e.getMessage()));
            throw e;
        } finally {
            if (Files.exists(runDir.resolve("timeline.jsonl"))) {
                try {
                    runs.markLatest(runDir);
                } catch (IOException e) {
                    out.println("[contmig] cannot update latest: " + e.getMessage());
                }
            }
        }
        RunReport report = render(runDir, baseline);
        out.println(summary(report, runDir));
        return ExitCode.ofVerdict(report.verdict().name());
    }

    /**
     * {@code sandbox}: start the embedded sandbox alone (WAN delays from the scenario and its {@code contmig.sandbox.*}
     * overrides), write {@code sandbox.json}, and serve until the JVM is told to stop; the sandbox's shutdown hook
     * then stops every server it started.
     */
    ExitCode sandbox() throws ContmigException {
        BenchPlan plan = resolvePlan();
        if (!(plan.target() instanceof io.contmig.plan.SandboxTarget sandboxPlan)) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "target: the sandbox goal needs target: sandbox");
        }
        Path output = arguments.output();
        io.contmig.sandbox.Sandbox sandbox;
        try {
            sandbox = io.contmig.sandbox.Sandbox.start(io.contmig.sandbox.SandboxSettings
                    .defaults(output.resolve("sandbox")).withWan(sandboxPlan.wan())
                    .withKafkaValues(io.contmig.sandbox.pipeline.KafkaValues.byLabel(sandboxPlan.kafkaValues())
                            .orElseThrow()).withKafka(sandboxPlan.kafka()));
        } catch (RuntimeException e) {
            throw new ContmigException(ExitCode.RUN_FAILED, "sandbox: " + e.getMessage(), e);
        }
        Path json = output.resolve("sandbox.json");
        try {
            sandbox.writeJson(json);
        } catch (IOException e) {
            sandbox.close();
            throw new ContmigException(ExitCode.RUN_FAILED, "sandbox: cannot write " + json + ": " + e.getMessage(), e);
        }
        out.println("[contmig] sandbox ready: " + sandbox.startupSummary() + "; Kafka event values: "
                + sandboxPlan.kafkaValues());
        out.println("[contmig] endpoints in " + json.toAbsolutePath() + " (PostgreSQL credentials in "
                + json.toAbsolutePath().resolveSibling("sandbox-credentials.properties") + ", owner-only: a target: "
                + "sitewhere run reads it when " + EndpointCredentials.FILE_ENV + " names it); Ctrl-C stops every server");
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sandbox.close();
        }
        return ExitCode.OK;
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
            return PlanResolver.standard(InjectorFactories.installed().catalog())
                    .resolve(source, Overrides.fromProperties(properties));
        } catch (PlanException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, source.origin() + ": " + e.getMessage(), e);
        }
    }
}
