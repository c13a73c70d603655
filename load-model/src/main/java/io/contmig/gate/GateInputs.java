package io.contmig.gate;

/**
 * Resolves the quantities of a gate against one injection's computed results. Implemented by the report
 * analysis; a quantity without data must resolve to {@link Reading#missing}, which makes the gate UNKNOWN.
 * Implementations are pure lookups and must not throw for missing data.
 */
@FunctionalInterface
public interface GateInputs {
    Reading read(Quantity quantity);
}
