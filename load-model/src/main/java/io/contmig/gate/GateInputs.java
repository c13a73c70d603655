package io.contmig.gate;

/**
 * Resolves the quantities of a gate against one injection's computed results. Implemented by the report
 * analysis; a quantity without data must resolve to {@link Reading#missing}, which makes the gate UNKNOWN.
 * Implementations are pure lookups and must not throw for missing data.
 */
@FunctionalInterface
public interface GateInputs {

    /** What every {@code baseline.} quantity reads when no baseline run is given. */
    GateInputs NO_BASELINE = quantity -> Reading.missing("no baseline given: " + Expr.BaselineRef.PREFIX + quantity.text()
            + " reads a baseline run (-Dcontmig.baseline=DIR)");

    Reading read(Quantity quantity);

    /**
     * The same injection's quantities in the baseline run, which {@code baseline.<quantity>} reads. By default
     * there is none ({@link #NO_BASELINE}); a baseline without the injection or the data reads as missing, naming it.
     */
    default GateInputs baseline() {
        return NO_BASELINE;
    }
}
