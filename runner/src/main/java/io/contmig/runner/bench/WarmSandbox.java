package io.contmig.runner.bench;

import io.contmig.plan.SandboxTarget;
import io.contmig.plan.WanDelays;
import io.contmig.sandbox.SandboxSettings;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * An embedded sandbox kept running across several runs (the trials of a study): each run gets a
 * {@linkplain #borrow() borrowed} target whose close leaves the servers running; between runs {@link #reset} puts the
 * sandbox back where its start left it and {@link #verify} checks that by asking every server. {@link #close} stops
 * the sandbox and every server. Not thread-safe: one run at a time, from one thread.
 */
public final class WarmSandbox implements AutoCloseable {

    private final SandboxBenchTarget owned;
    private final SandboxSettings settings;

    private WarmSandbox(SandboxBenchTarget owned, SandboxSettings settings) {
        this.owned = owned;
        this.settings = settings;
    }

    /**
     * The settings a sandbox for {@code plan} runs with (what decides whether a running one can serve it); its servers'
     * data under {@code <outputDirectory>/sandbox}.
     */
    public static SandboxSettings settingsFor(SandboxTarget plan, Path outputDirectory) {
        return SandboxBenchTarget.settings(plan, outputDirectory);
    }

    /**
     * Starts a sandbox for {@code plan} as {@code contmig:bench} does (leftovers of killed runs cleaned first).
     *
     * @throws BenchException when it cannot start; nothing is left running
     */
    public static WarmSandbox start(io.contmig.plan.BenchPlan plan, SandboxTarget target, Path outputDirectory,
                                    PrintStream console) throws BenchException {
        BenchTarget opened = Targets.open(plan, outputDirectory, console);
        if (!(opened instanceof SandboxBenchTarget sandbox)) {
            opened.close();
            throw new BenchException("target: not the sandbox");
        }
        return new WarmSandbox(sandbox, settingsFor(target, outputDirectory));
    }

    /** The settings it was started with. */
    public SandboxSettings settings() {
        return settings;
    }

    /** A target for one run; closing it leaves the sandbox running. */
    public BenchTarget borrow() {
        return owned.borrowed();
    }

    /**
     * Puts the sandbox back at its start with the WAN at {@code wan} (see {@code Sandbox.resetToStart}).
     *
     * @throws RuntimeException naming the server when a step failed: close this sandbox then
     */
    public void reset(WanDelays wan) throws InterruptedException {
        owned.sandbox().resetToStart(wan);
    }

    /** The problems that keep the sandbox from being at its start with the WAN at {@code wan}; empty = verified. */
    public List<String> verify(WanDelays wan) {
        return owned.sandbox().verifyStart(wan);
    }

    /** The running sandbox, for inspecting its servers (tests); do not close it through this. */
    public io.contmig.sandbox.Sandbox sandbox() {
        return owned.sandbox();
    }

    /** Stops the sandbox and every server. Idempotent. */
    @Override
    public void close() {
        owned.close();
    }
}
