package io.contmig.runner.bench;

import io.contmig.plan.BenchPlan;
import io.contmig.record.Mark;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.target.AcknowledgedEvents;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The load of one run as {@link BenchRunner} drives it: provision before t=0, connect, start at t=0, stop at the
 * run's end, drain, then tell what was acknowledged. The production load is {@link SiteWhereLoad} (devices over
 * MQTT, API clients over REST); tests give a fake that records samples without a server.
 *
 * <p>Called from the runner's thread only, in the order of the methods below; {@link #acknowledged()} and
 * {@link #failures()} may be called from the progress thread at any time. {@link #close()} stops whatever the load
 * started and must be safe after any step failed.
 */
public interface BenchLoad extends AutoCloseable {

    /** Opens the load of {@code plan} against {@code target}. */
    @FunctionalInterface
    interface Factory {
        BenchLoad open(BenchPlan plan, BenchTarget target, Path runDir, PrintStream console);
    }

    /** Before the run clock starts: creates what the load needs on the target (device types, devices, assignments). */
    void provision() throws BenchException, InterruptedException;

    /** Opens connections; samples go to {@code recorder}, timed on {@code clock}. */
    void connect(SampleRecorder recorder, RunClock clock) throws BenchException, InterruptedException;

    /** Starts sending, at t=0 of the run. */
    void start() throws BenchException;

    /** Events acknowledged so far (progress line). Thread-safe. */
    long acknowledged();

    /** Intended events that failed so far (progress line). Thread-safe. */
    long failures();

    /**
     * Stops sending at the run's end. A failure of the API (REST) load is returned, not thrown: the run records it
     * as a {@code rest-load-failed} mark and goes on.
     */
    Optional<String> stop() throws BenchException, InterruptedException;

    /** Waits up to {@code timeout} for in-flight events; what the load did, for the {@code run-finished} mark. */
    LoadSummary drain(Duration timeout) throws BenchException, InterruptedException;

    /** What was acknowledged, per tenant and device: what every store must hold. Read after {@link #drain}. */
    AcknowledgedEvents acknowledgedEvents();

    /**
     * Sees every timeline mark as it is stamped (under the timeline's lock, in order): a load whose samples are
     * recorded in other processes forwards the phase boundaries to them. Must not block. Nothing by default.
     */
    default void observe(Mark mark) {
    }

    /**
     * Latency logs written by other processes (generators), read after {@link #drain}: the runner merges them with
     * its own into {@code latency.hlog}. Empty (the default) when every sample went to the runner's recorder.
     */
    default List<Path> latencyLogs() {
        return List.of();
    }

    /** One fact map per generator process (written as {@code generator-finished} marks); read after {@link #drain}. */
    default List<Map<String, Object>> generators() {
        return List.of();
    }

    @Override
    void close();
}
