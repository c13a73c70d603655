package io.contmig.gate;

import java.util.Objects;

/**
 * The outcome of one gate against one injection.
 *
 * @param verdict   PASS when the comparison holds, FAIL when it does not, UNKNOWN when a value is missing
 * @param value     the left-hand side's value ({@code NaN} when unknown)
 * @param threshold the right-hand side's value ({@code NaN} when unknown)
 * @param detail    a one-line explanation, e.g. {@code p99(mqtt.e2e, during) = 12.3 <= 30.1} or the missing cause
 */
public record GateResult(Verdict verdict, double value, double threshold, String detail) {
    public GateResult {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
    }
}
