package io.contmig.runner.study;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * What one trial left: its place in the study, its run id and verdict, and its parsed {@code report.json} (null when
 * the trial could not run or left no report). Immutable apart from the JSON tree, which nobody modifies.
 *
 * @param cell        the cell's index in the study
 * @param trial       the trial's 0-based index in its cell
 * @param runId       the run directory's name under {@code runs/}
 * @param verdict     PASS, FAIL or UNKNOWN (UNKNOWN also when the trial aborted)
 * @param report      the trial's report.json, or null
 * @param wallSeconds wall time of the trial, target start and stop (or reset) included
 * @param start       how its target was made ready (isolation, time between trials)
 */
public record TrialResult(int cell, int trial, String runId, String verdict, JsonNode report, double wallSeconds,
                          TrialStart start) {
    public TrialResult {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(start, "start");
    }

    /** A trial whose start is not known. */
    public TrialResult(int cell, int trial, String runId, String verdict, JsonNode report, double wallSeconds) {
        this(cell, trial, runId, verdict, report, wallSeconds, TrialStart.UNKNOWN);
    }
}
