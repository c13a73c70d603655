package io.contmig.runner.study;

import java.nio.file.Path;

/**
 * Runs one trial of a study into its run directory and leaves an ordinary run record there (plan.json,
 * timeline.jsonl, latency.hlog, verification/, and the rendered reports). Implementations decide how targets are
 * reused between trials ({@link ColdTrials}: a fresh target per trial; {@link WarmTrials}: one sandbox reset between
 * trials). Called from the study's thread only.
 */
public interface TrialExecutor extends AutoCloseable {

    /**
     * Runs {@code trial} into {@code runDir} (which does not exist yet).
     *
     * @return the verdict (PASS, FAIL, UNKNOWN); a trial that could not run returns UNKNOWN after recording an aborted
     *         {@code verdict.json} and printing why — the study goes on with the next trial
     * @throws InterruptedException when interrupted; whatever this executor started is stopped first
     */
    String run(StudyResolver.Trial trial, Path runDir) throws InterruptedException;

    /** How the last {@link #run}'s target was made ready; {@link TrialStart#UNKNOWN} when this executor does not say. */
    default TrialStart lastStart() {
        return TrialStart.UNKNOWN;
    }

    /** Stops whatever this executor still holds (a warm target). Idempotent; never throws. */
    @Override
    void close();
}
