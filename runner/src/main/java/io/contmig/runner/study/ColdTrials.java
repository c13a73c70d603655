package io.contmig.runner.study;

import io.contmig.record.RunRecord;
import io.contmig.report.Reports;
import io.contmig.runner.VerdictCheck;
import io.contmig.runner.bench.BenchException;
import io.contmig.runner.bench.BenchRunner;
import io.contmig.runner.bench.BenchTarget;
import io.contmig.runner.bench.Targets;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Trials on a fresh target each: the sandbox is started before and stopped after every trial, exactly as
 * {@code contmig:bench} does, so trials share nothing but the machine (full isolation; costs a sandbox start and stop,
 * 20-90 s on a busy 2-core machine, per trial). Not thread-safe: one trial at a time.
 */
public final class ColdTrials implements TrialExecutor {

    private final Path outputDirectory;
    private final PrintStream console;
    private final String harnessVersion;
    /** Seconds the previous trial's target took to stop (part of the time between it and the next trial). */
    private double lastStopSeconds;
    private TrialStart lastStart = TrialStart.UNKNOWN;

    /**
     * @param outputDirectory {@code target/contmig}: the sandbox keeps its servers' data there
     * @param console         progress lines
     * @param harnessVersion  written into each trial's plan.json
     */
    public ColdTrials(Path outputDirectory, PrintStream console, String harnessVersion) {
        this.outputDirectory = outputDirectory;
        this.console = console;
        this.harnessVersion = harnessVersion;
    }

    @Override
    public String run(StudyResolver.Trial trial, Path runDir) throws InterruptedException {
        long begin = System.nanoTime();
        double previousStop = lastStopSeconds;
        lastStopSeconds = 0;
        lastStart = new TrialStart(WarmTrials.COLD, Double.NaN);
        BenchTarget target;
        try {
            target = Targets.open(trial.plan(), outputDirectory, console);
        } catch (BenchException | RuntimeException e) {
            return aborted(trial, runDir, e, console);
        }
        lastStart = new TrialStart(WarmTrials.COLD, previousStop + (System.nanoTime() - begin) / 1e9);
        try {
            new BenchRunner(trial.plan(), trial.runId(), runDir, console, harnessVersion).run(target);
        } catch (BenchException | RuntimeException e) {
            return aborted(trial, runDir, e, console);
        } finally {
            long stop = System.nanoTime();
            target.close();
            lastStopSeconds = (System.nanoTime() - stop) / 1e9;
        }
        return render(runDir, console);
    }

    /** Records that {@code trial} could not run (console and an aborted verdict.json); UNKNOWN. */
    static String aborted(StudyResolver.Trial trial, Path runDir, Exception e, PrintStream console) {
        console.println("[contmig] trial " + trial.runId() + " could not run: " + e.getMessage());
        VerdictCheck.recordAborted(runDir, String.valueOf(e.getMessage()));
        return "UNKNOWN";
    }

    @Override
    public TrialStart lastStart() {
        return lastStart;
    }

    /** Renders the trial's reports from its record; the verdict, or UNKNOWN when the record cannot be read. */
    static String render(Path runDir, PrintStream console) {
        try {
            return Reports.writeAll(RunRecord.open(runDir), runDir).verdict().name();
        } catch (IOException | RuntimeException e) {
            console.println("[contmig] " + runDir + ": cannot render the reports: " + e.getMessage());
            if (Files.isDirectory(runDir)) {
                VerdictCheck.recordAborted(runDir, "reports: " + e.getMessage());
            }
            return "UNKNOWN";
        }
    }

    @Override
    public void close() {
        // Nothing is held between trials.
    }
}
