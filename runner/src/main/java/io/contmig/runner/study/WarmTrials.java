package io.contmig.runner.study;

import io.contmig.plan.SandboxTarget;
import io.contmig.runner.bench.BenchException;
import io.contmig.runner.bench.BenchRunner;
import io.contmig.runner.bench.BenchTarget;
import io.contmig.runner.bench.WarmSandbox;
import io.contmig.sandbox.SandboxSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Trials on one warm sandbox: the sandbox started for the first trial serves every later trial whose sandbox
 * settings match ({@link #restartReason}); before each such trial it is reset to its start — every tenant's pipeline
 * stage, data, topics, consumer groups, replication objects and routing removed, WAN links healed and set to the
 * trial's plan, tenant {@code default} re-created — and the reset is verified by asking every server. A trial whose
 * settings differ, or whose reset fails or cannot be verified, gets a freshly started sandbox (said on the console and
 * in its {@link TrialStart}). Trials of a non-sandbox target run as {@link ColdTrials} does.
 *
 * <p>What this trades against {@link ColdTrials}: trials share the server processes (their page cache, buffers,
 * background work such as Kafka's log cleaner and PostgreSQL's autovacuum) and this JVM's JIT; they share no tenant
 * data. Not thread-safe: one trial at a time. {@link #close} stops the sandbox.
 */
public final class WarmTrials implements TrialExecutor {

    /** {@link TrialStart#isolation()} of a trial on a reset, verified sandbox. */
    public static final String WARM = "warm";
    /** {@link TrialStart#isolation()} of a trial on a freshly started sandbox. */
    public static final String COLD = "cold";

    /** What warm trials trade and how it is checked: study.json's {@code isolation} line. */
    public static final String TRADE = "warm: one sandbox serves every trial with the same sandbox settings; trials share"
            + " its server processes (page cache, buffers, background work) and the runner's JIT, not data: before each"
            + " trial every tenant's databases, replication slots, subscriptions, Kafka topics and consumer groups,"
            + " InfluxDB databases, pipeline stages and routing are removed on both sites, WAN links healed and set to"
            + " the plan, and this is verified by asking every server (inventory equal to the one right after start,"
            + " tenant default empty, routing and WAN as planned); a trial whose reset is not verified runs on a fresh"
            + " sandbox";
    /** study.json's {@code isolation} line for cold studies. */
    public static final String COLD_TRADE = "cold: a fresh sandbox per trial; trials share nothing but the machine";

    private final Path outputDirectory;
    private final PrintStream console;
    private final String harnessVersion;
    private final ColdTrials cold;
    private WarmSandbox held;
    private TrialStart lastStart = TrialStart.UNKNOWN;

    /**
     * @param outputDirectory {@code target/contmig}: the sandbox keeps its servers' data there
     * @param console         progress lines
     * @param harnessVersion  written into each trial's plan.json
     */
    public WarmTrials(Path outputDirectory, PrintStream console, String harnessVersion) {
        this.outputDirectory = outputDirectory;
        this.console = console;
        this.harnessVersion = harnessVersion;
        this.cold = new ColdTrials(outputDirectory, console, harnessVersion);
    }

    /**
     * Why a sandbox running with {@code running} cannot serve a trial wanting {@code wanted}; empty when it can. The
     * WAN is not a reason: {@link WarmSandbox#reset} sets every link to the trial's delays and bandwidth.
     *
     * @param running the running sandbox's settings, or null when none runs
     */
    static Optional<String> restartReason(SandboxSettings running, SandboxSettings wanted) {
        if (running == null) {
            return Optional.of("no sandbox runs yet");
        }
        SandboxSettings a = running.withWan(SandboxSettings.NO_DELAY);
        SandboxSettings b = wanted.withWan(SandboxSettings.NO_DELAY);
        if (a.equals(b)) {
            return Optional.empty();
        }
        List<String> differ = new ArrayList<>();
        if (!a.kafka().equals(b.kafka())) {
            differ.add("kafka " + a.kafka() + " -> " + b.kafka());
        }
        if (!a.kafkaValues().equals(b.kafkaValues())) {
            differ.add("kafkaValues " + a.kafkaValues() + " -> " + b.kafkaValues());
        }
        if (differ.isEmpty()) {
            differ.add("sandbox settings " + a + " -> " + b);
        }
        return Optional.of("other sandbox settings: " + String.join(", ", differ));
    }

    @Override
    public String run(StudyResolver.Trial trial, Path runDir) throws InterruptedException {
        if (!(trial.plan().target() instanceof SandboxTarget target)) {
            String verdict = cold.run(trial, runDir);
            lastStart = cold.lastStart();
            return verdict;
        }
        long begin = System.nanoTime();
        SandboxSettings wanted = WarmSandbox.settingsFor(target, outputDirectory);
        Optional<String> restart = restartReason(held == null ? null : held.settings(), wanted);
        String isolation = WARM;
        if (restart.isEmpty()) {
            Optional<String> problem = resetAndVerify(target);
            if (problem.isPresent()) {
                restart = problem;
                console.println("[contmig] trial " + trial.runId() + ": " + problem.get() + "; starting a fresh sandbox");
            }
        }
        try {
            if (restart.isPresent()) {
                isolation = COLD + ": " + restart.get();
                closeHeld();
                held = WarmSandbox.start(trial.plan(), target, outputDirectory, console);
            }
        } catch (BenchException | RuntimeException e) {
            lastStart = new TrialStart(isolation, Double.NaN);
            return ColdTrials.aborted(trial, runDir, e, console);
        }
        lastStart = new TrialStart(isolation, (System.nanoTime() - begin) / 1e9);
        console.println(String.format(Locale.ROOT, "[contmig]   %s: %s, ready %.1f s after the previous trial",
                trial.runId(), isolation, lastStart.betweenSeconds()));
        try (BenchTarget borrowed = held.borrow()) {
            new BenchRunner(trial.plan(), trial.runId(), runDir, console, harnessVersion).run(borrowed);
        } catch (BenchException | RuntimeException e) {
            // The next trial's reset and verification decide whether this sandbox can still serve.
            return ColdTrials.aborted(trial, runDir, e, console);
        }
        return ColdTrials.render(runDir, console);
    }

    /** Resets the held sandbox to its start with {@code target}'s WAN and verifies it; the problem if any. */
    private Optional<String> resetAndVerify(SandboxTarget target) throws InterruptedException {
        long begin = System.nanoTime();
        try {
            held.reset(target.wan());
        } catch (RuntimeException e) {
            return Optional.of("reset failed: " + e.getMessage());
        }
        long reset = System.nanoTime();
        List<String> problems = held.verify(target.wan());
        console.println(String.format(Locale.ROOT, "[contmig] sandbox reset to its start in %.1f s, verified in %.1f s",
                (reset - begin) / 1e9, (System.nanoTime() - reset) / 1e9));
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("reset not verified: " + String.join("; ", problems));
    }

    private void closeHeld() {
        if (held != null) {
            held.close();
            held = null;
        }
    }

    /** The sandbox held for the next trial, if any (tests inspect it). */
    Optional<WarmSandbox> held() {
        return Optional.ofNullable(held);
    }

    @Override
    public TrialStart lastStart() {
        return lastStart;
    }

    @Override
    public void close() {
        closeHeld();
        cold.close();
    }
}
