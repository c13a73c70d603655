package io.contmig.gate;

import java.util.Objects;

/**
 * What {@link GateInputs} found for a {@link Quantity}: a value, or the reason it is missing.
 *
 * @param value   the value when known, {@code NaN} otherwise
 * @param missing why the value is missing, {@code ""} when known
 */
public record Reading(double value, String missing) {

    public Reading {
        Objects.requireNonNull(missing, "missing");
        if (Double.isNaN(value) == missing.isEmpty()) {
            throw new IllegalArgumentException("exactly one of value (" + value + ") and missing ('" + missing + "') must be given");
        }
    }

    public static Reading of(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("value (NaN) must be a number; use Reading.missing(why)");
        }
        return new Reading(value, "");
    }

    public static Reading missing(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("why ('" + why + "') must say why the value is missing");
        }
        return new Reading(Double.NaN, why);
    }

    public boolean known() {
        return missing.isEmpty();
    }
}
