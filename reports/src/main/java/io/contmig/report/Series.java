package io.contmig.report;

import java.util.Objects;

/**
 * The per-second chart series of one operation (all tenants): index {@code i} is the 1 s interval starting at
 * second {@code i}. Latencies in milliseconds, {@code NaN} for a second without successes. When several
 * intervals of a tag start within the same second, counts add and latencies keep the larger value.
 *
 * <p>Arrays are shared, not copied (the report is built once and only read); callers must not modify them.
 */
public record Series(String operation, double[] p50Ms, double[] p99Ms, double[] maxMs, long[] count, long[] errors) {

    public Series {
        Objects.requireNonNull(operation, "operation");
        int n = p50Ms.length;
        if (p99Ms.length != n || maxMs.length != n || count.length != n || errors.length != n) {
            throw new IllegalArgumentException("series " + operation + ": arrays must have the same length (" + n + ")");
        }
    }

    /** Number of seconds covered. */
    public int seconds() {
        return p50Ms.length;
    }
}
