package io.contmig.runner.study;

import java.util.Objects;

/**
 * How a trial's target was made ready, as its {@link TrialExecutor} reports it. Immutable.
 *
 * @param isolation      {@code warm} (a running sandbox reset and verified), {@code cold} (a sandbox started for
 *                       it), or {@code cold: <why>} when a warm study had to start one (first trial, other sandbox
 *                       settings, a reset that failed or could not be verified)
 * @param betweenSeconds wall time spent between the end of the previous trial's run and the start of this one's:
 *                       reset + verify when warm; stopping the previous sandbox and starting this one when cold;
 *                       NaN when unknown
 */
public record TrialStart(String isolation, double betweenSeconds) {

    /** An executor that does not say. */
    public static final TrialStart UNKNOWN = new TrialStart("", Double.NaN);

    public TrialStart {
        Objects.requireNonNull(isolation, "isolation");
    }
}
