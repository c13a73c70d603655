package io.contmig.runner.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.InjectionPlan;
import io.contmig.plan.PlanDocument;
import io.contmig.plan.PlanJson;
import io.contmig.plan.PlannedMigration;
import io.contmig.plan.PlannedPlacement;
import io.contmig.plan.TenantPlan;
import io.contmig.record.LatencyLogMerge;
import io.contmig.record.LatencyLogWriter;
import io.contmig.record.MarkKind;
import io.contmig.record.PhaseBoundaries;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.record.TimelineWriter;
import io.contmig.runner.check.StoreCheck;
import io.contmig.servers.Posix;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one bench: provisioning, load, injections at their times, drain, cross-store check, and the record that
 * the reports are computed from. Has no Maven imports; called by the runner's {@code bench} command.
 *
 * <p>Writes facts only, and each file once (an append-only record): plan.json, timeline.jsonl, latency.hlog, the
 * injectors' {@code verification/<injection>.json}, {@code verification/cross-store.json} and
 * {@code verification/dead-letters.json}. When the load runs in generator processes ({@code load.generators}),
 * latency.hlog is written once, at the end, by merging the generators' logs with the runner's own
 * ({@code generators/runner.hlog}), and each generator gets a {@code generator-finished} mark. It never decides a
 * verdict; the reports module does, from these files.
 *
 * <p>Not thread-safe: one run per instance. Infrastructure failures throw {@link BenchException}; whatever this
 * runner started (the load) is stopped before it returns or throws (the caller closes the target).
 */
public final class BenchRunner {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String SOURCE = "runner";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final BenchPlan plan;
    private final String runId;
    private final Path runDir;
    private final PrintStream console;
    private final String harnessVersion;
    private final BenchParts parts;

    /** A runner with the {@linkplain BenchParts#standard() production parts}. */
    public BenchRunner(BenchPlan plan, String runId, Path runDir, PrintStream console, String harnessVersion) {
        this(plan, runId, runDir, console, harnessVersion, BenchParts.standard());
    }

    public BenchRunner(BenchPlan plan, String runId, Path runDir, PrintStream console, String harnessVersion,
                       BenchParts parts) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.runId = Objects.requireNonNull(runId, "runId");
        this.runDir = Objects.requireNonNull(runDir, "runDir");
        this.console = Objects.requireNonNull(console, "console");
        this.harnessVersion = Objects.requireNonNull(harnessVersion, "harnessVersion");
        this.parts = Objects.requireNonNull(parts, "parts");
    }

    /** Everything a run leaves besides its record, for the command's summary. */
    public record Result(LoadSummary load, List<InjectionOutcome> injections, List<StoreCheck> checks) {
    }

    /**
     * Runs the plan against {@code target}, which must be started. Writes plan.json, timeline.jsonl, latency.hlog
     * and verification/ into the run directory; the caller renders the reports.
     */
    public Result run(BenchTarget target) throws BenchException, InterruptedException {
        try {
            Posix.createPrivateDirectories(runDir);
            Files.createDirectories(runDir.resolve("verification"));
        } catch (IOException e) {
            throw new BenchException("cannot create " + runDir + ": " + e.getMessage(), e);
        }
        for (TenantPlan tenant : plan.tenants()) {
            try {
                target.ensureTenant(tenant.name(), tenant.site());
            } catch (Exception e) {
                throw new BenchException("tenants." + tenant.name() + ": cannot create it on site " + tenant.site()
                        + ": " + e.getMessage(), e);
            }
        }
        try (BenchLoad load = parts.load().open(plan, target, runDir, console)) {
            load.provision();
            RunClock clock = RunClock.startingNow();
            SampleRecorder recorder = new SampleRecorder();
            // Before the latency log, whose header then declares exact phase attribution.
            PhaseBoundaries boundaries = new PhaseBoundaries(recorder);
            writePlanJson(target, clock);
            // With generator processes, the runner's own samples (if any) are one more log to merge.
            boolean merged = plan.load().generators().forked();
            Path ownLog = runDir.resolve(merged ? "generators/runner.hlog" : "latency.hlog");
            Result result;
            try {
                Files.createDirectories(ownLog.getParent());
            } catch (IOException e) {
                throw new BenchException("cannot create " + ownLog.getParent() + ": " + e.getMessage(), e);
            }
            try (TimelineWriter timeline = new TimelineWriter(runDir.resolve("timeline.jsonl"), clock);
                 LatencyLogWriter latencyLog = new LatencyLogWriter(ownLog, recorder, clock)) {
                timeline.addStampListener(boundaries);
                timeline.addStampListener(load::observe);
                result = record(target, load, clock, recorder, timeline, latencyLog);
            } catch (IOException e) {
                throw new BenchException("run record in " + runDir + ": " + e.getMessage(), e);
            }
            if (merged) {
                mergeLatencyLogs(ownLog, load.latencyLogs());
            }
            return result;
        }
    }

    /** {@code latency.hlog} from the runner's log and the generators' (see {@link LatencyLogMerge}). */
    private void mergeLatencyLogs(Path ownLog, List<Path> generatorLogs) throws BenchException {
        List<Path> inputs = new ArrayList<>(List.of(ownLog));
        inputs.addAll(generatorLogs);
        try {
            LatencyLogMerge.Result r = LatencyLogMerge.merge(inputs, runDir.resolve("latency.hlog"));
            double ms = r.elapsedNanos() / 1e6;
            console.println(String.format(Locale.ROOT, "[contmig] merged %d latency logs (%d histograms into %d) in %.1f ms",
                    r.inputs(), r.intervalsRead(), r.intervalsWritten(), ms));
            writeOnce(runDir.resolve("generators/merge.json"), JSON.writeValueAsString(Map.of("inputs", r.inputs(),
                    "histogramsRead", r.intervalsRead(), "histogramsWritten", r.intervalsWritten(), "mergeMs", ms)) + "\n");
        } catch (IOException e) {
            throw new BenchException("latency.hlog: cannot merge the generators' logs: " + e.getMessage(), e);
        }
    }

    private Result record(BenchTarget target, BenchLoad load, RunClock clock, SampleRecorder recorder,
                          TimelineWriter timeline, LatencyLogWriter latencyLog)
            throws BenchException, InterruptedException, IOException {
        load.connect(recorder, clock);
        Progress progress = new Progress(clock, plan.duration(), load::acknowledged, load::failures, console,
                Progress.onTerminal());
        timeline.addListener(progress);
        InjectionRunner injections = new InjectionRunner(target.routing(), timeline, runDir, parts.injectors());

        latencyLog.start();
        timeline.mark(MarkKind.RUN_STARTED, SOURCE, Map.of("runId", runId, "target", target.label()));
        load.start();
        progress.start();
        List<InjectionOutcome> outcomes;
        try (progress; FaultScheduler faults = new FaultScheduler(plan.faults(), target.faults(), timeline, clock)) {
            faults.start();
            outcomes = runInjections(injections, clock, timeline);
            waitUntil(clock, plan.duration());
            faults.close(); // heals what still holds while the load runs, so the drain sees a healed target
            load.stop().ifPresent(problem -> timeline.mark("rest-load-failed", SOURCE, Map.of("reason", problem)));
        }
        console.println("[contmig] load finished; draining (up to " + DRAIN_TIMEOUT.toSeconds() + " s)");
        LoadSummary summary = load.drain(DRAIN_TIMEOUT);
        for (Map<String, Object> generator : load.generators()) {
            timeline.mark("generator-finished", "generator-" + generator.get("generator"), generator);
        }
        timeline.mark(MarkKind.RUN_FINISHED, SOURCE, summary.runFinishedAttributes());
        console.println("[contmig] " + summary.description());

        List<StoreCheck> checks = parts.checker().check(target.routing(), load.acknowledgedEvents());
        for (StoreCheck c : checks) {
            console.println(c.problem().isEmpty()
                    ? String.format(Locale.ROOT,
                    "[contmig] check %-8s %-10s on %-5s: %d acknowledged, %d lost, %d duplicated, %d reordered",
                    c.store(), c.tenant(), c.where(), c.expected(), c.lost(), c.duplicated(), c.reordered())
                    : String.format(Locale.ROOT, "[contmig] check %-8s %-10s on %-5s: not read: %s",
                    c.store(), c.tenant(), c.where(), c.problem()));
        }
        writeCrossStore(checks);
        writeDeadLetters(target.deadLetters());
        return new Result(summary, outcomes, checks);
    }

    /** Fires each injection at its time, one at a time; a late start (previous one still running) is marked. */
    private List<InjectionOutcome> runInjections(InjectionRunner runner, RunClock clock, TimelineWriter timeline)
            throws InterruptedException {
        List<InjectionOutcome> outcomes = new ArrayList<>();
        for (InjectionPlan injection : plan.injections()) {
            waitUntil(clock, injection.at());
            long lateMs = (clock.nanos() - injection.at().toNanos()) / 1_000_000;
            if (lateMs > 1000) {
                timeline.mark("injection-late", SOURCE, Map.of("injection", injection.name(), "lateMs", lateMs));
            }
            if (injection.action() instanceof PlannedMigration m) {
                outcomes.add(runner.run(new InjectionSpec(injection.name(), m.alias(), m.tenant(), m.from(), m.to()),
                        m.options()));
            } else if (injection.action() instanceof PlannedPlacement p) {
                outcomes.add(runner.run(new InjectionSpec(injection.name(), p.alias(), p.tenant(), p.from(), p.to()),
                        p.options()));
            }
        }
        return outcomes;
    }

    private static void waitUntil(RunClock clock, Duration t) throws InterruptedException {
        long remaining;
        while ((remaining = t.toNanos() - clock.nanos()) > 0) {
            // Sleeping until a clock time is the schedule itself here, not a stand-in for a condition.
            Thread.sleep(Math.max(1, Math.min(remaining / 1_000_000, 200)));
        }
    }

    private void writePlanJson(BenchTarget target, RunClock clock) throws BenchException {
        PlanDocument document = PlanJson.document(plan).withRunFacts(runId, harnessVersion, clock.wallClockAtZero(),
                target.label(), target.versions(), Machine.describe());
        writeOnce(runDir.resolve("plan.json"), PlanJson.write(document));
    }

    /**
     * {@code verification/cross-store.json}: every store's check of every tenant, as the checker found it. The
     * reports join each injection with its tenant's checks; nothing here rewrites an injection's file.
     */
    private void writeCrossStore(List<StoreCheck> checks) throws BenchException {
        try {
            writeOnce(runDir.resolve("verification/cross-store.json"),
                    JSON.writeValueAsString(Map.of("checks", checks)) + "\n");
        } catch (IOException e) {
            throw new BenchException("verification/cross-store.json: " + e.getMessage(), e);
        }
    }

    /** {@code verification/dead-letters.json}: events the pipeline gave up on, per tenant and reason (a fact). */
    private void writeDeadLetters(Map<String, Map<String, Long>> deadLetters) throws BenchException {
        deadLetters.forEach((tenant, byReason) -> console.println("[contmig] pipeline of " + tenant
                + " dead-lettered events: " + byReason));
        try {
            writeOnce(runDir.resolve("verification/dead-letters.json"),
                    JSON.writeValueAsString(Map.of("tenants", deadLetters)) + "\n");
        } catch (IOException e) {
            throw new BenchException("verification/dead-letters.json: " + e.getMessage(), e);
        }
    }

    /** Writes a new file of the record; an existing one is an error, never overwritten (append-only record). */
    private static void writeOnce(Path file, String text) throws BenchException {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BenchException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
