package io.contmig.load.mqtt;

import java.time.Duration;
import java.util.Locale;

/**
 * How far actual send times lagged intended ones: the report prints it before any latency figure, because a
 * saturated generator understates latency it did not manage to offer.
 *
 * @param events events the generator started
 * @param p50Lag median lag of actual start behind intended start
 * @param p99Lag 99th percentile of that lag
 * @param maxLag largest lag
 */
public record GeneratorHealth(long events, Duration p50Lag, Duration p99Lag, Duration maxLag) {

    /** A lag above this at p99 means the generator could not keep up with the intended schedule. */
    public static final Duration SATURATION_P99 = Duration.ofMillis(10);

    public GeneratorHealth {
        if (events < 0) {
            throw new IllegalArgumentException("events (" + events + ") must be >= 0");
        }
    }

    /** Whether the p99 lag exceeds {@link #SATURATION_P99}. */
    public boolean saturated() {
        return p99Lag.compareTo(SATURATION_P99) > 0;
    }

    /** E.g. {@code 12000 events, send lag p50 0.052 ms, p99 0.310 ms, max 4.100 ms}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d events, send lag p50 %.3f ms, p99 %.3f ms, max %.3f ms%s", events,
                p50Lag.toNanos() / 1e6, p99Lag.toNanos() / 1e6, maxLag.toNanos() / 1e6,
                saturated() ? " (SATURATED: latency figures understate)" : "");
    }
}
