package io.contmig.plan;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** Checks and formats shared by the plan records. Stateless. */
final class Plans {

    private Plans() {
    }

    static Duration requireNonNegative(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " (" + format(value) + ") must be >= 0");
        }
        return value;
    }

    static double requireRate(String field, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " (" + value + ") must be >= 0 and finite");
        }
        return value;
    }

    static String requireText(String field, String value) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        return value;
    }

    /**
     * A duration in the scenario's own syntax, shortest exact form: {@code 240s}, {@code 500ms}, {@code 1.5ms};
     * {@link io.contmig.options.OptionValues#parseDuration} reads it back.
     */
    static String format(Duration d) {
        long nanos = d.toNanos();
        String sign = nanos < 0 ? "-" : "";
        nanos = Math.abs(nanos);
        if (nanos % 1_000_000_000L == 0) {
            return sign + nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return sign + nanos / 1_000_000L + "ms";
        }
        return sign + number(nanos / 1_000_000.0) + "ms";
    }

    /** A number without a trailing {@code .0}, in {@link Locale#ROOT}. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
