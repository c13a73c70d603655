package io.contmig.report;

/**
 * The statistics of {@code report.json} for one operation in one window. Percentiles are computed from the sum of the window's
 * interval histograms (never averaged); latencies are response times in milliseconds from the intended start.
 *
 * @param count            successful operations (tag {@code <op>})
 * @param errors           failed operations (tag {@code <op>.ko})
 * @param throughputPerSec successful operations per second of window
 * @param p50Ms            median latency of successes; {@code NaN} when {@code count} is 0 (written as null)
 * @param p90Ms            90th percentile, likewise
 * @param p99Ms            99th percentile, likewise
 * @param p999Ms           99.9th percentile, likewise
 * @param maxMs            largest latency, likewise
 */
public record Stats(long count, long errors, double throughputPerSec, double p50Ms, double p90Ms, double p99Ms,
                    double p999Ms, double maxMs) {

    public Stats {
        if (count < 0) {
            throw new IllegalArgumentException("count (" + count + ") must be >= 0");
        }
        if (errors < 0) {
            throw new IllegalArgumentException("errors (" + errors + ") must be >= 0");
        }
    }

    /** Whether the window holds any operation at all, successful or failed. */
    public boolean hasSamples() {
        return count + errors > 0;
    }
}
