package io.contmig.runner.generate;

import io.contmig.runner.bench.BenchException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts a run's generator processes and brings back what they wrote: after {@link #await}, each generator's
 * {@code latency.hlog}, {@code acks.tsv} and {@code summary.json} are in {@code <directory>/<index>/}.
 * Implementations name where the processes run ({@link LocalJvmGenerators}, {@link KubernetesJobGenerators}).
 *
 * <p>Called from the runner's thread; {@link #failure()} also from the thread awaiting the control server.
 * {@link #close()} stops whatever is still running and is safe after any step failed.
 */
public interface GeneratorExecutor extends AutoCloseable {

    /**
     * What every generator is started with.
     *
     * @param runId       the run (names the processes or the Job)
     * @param count       generators
     * @param controlHost the runner's control address, as the generators reach it
     * @param controlPort its port
     * @param token       the run's control token (kept out of command lines)
     * @param directory   where each generator's files go, one sub-directory per index
     */
    record Launch(String runId, int count, String controlHost, int controlPort, String token, Path directory) {
    }

    /** Starts the generators; they connect to the control server by themselves. */
    void launch(Launch launch) throws BenchException;

    /** A generator that ended without success so far, described (exit code, last output), or empty. */
    Optional<String> failure();

    /** Waits up to {@code timeout} for every generator to end, and collects their files. */
    void await(Duration timeout) throws BenchException, InterruptedException;

    @Override
    void close();
}
