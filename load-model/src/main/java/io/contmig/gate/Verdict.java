package io.contmig.gate;

/**
 * The tri-state outcome of a gate, an injection or a run. Findings are results, not errors: a breached gate is
 * {@link #FAIL}; a gate whose data is missing is {@link #UNKNOWN}, never a silent {@link #PASS}.
 */
public enum Verdict {
    PASS, FAIL, UNKNOWN;

    /** Merges two verdicts with priority FAIL &gt; UNKNOWN &gt; PASS. */
    public Verdict and(Verdict other) {
        if (this == FAIL || other == FAIL) {
            return FAIL;
        }
        if (this == UNKNOWN || other == UNKNOWN) {
            return UNKNOWN;
        }
        return PASS;
    }
}
