package io.contmig.report;

import org.HdrHistogram.Histogram;

/**
 * Sums the interval histograms of one operation in one window: successes into a histogram (added, never
 * averaged), failures as a count. Not thread-safe; owned by one analysis.
 */
final class Accumulator {

    /** Auto-resizing, so a window holding only small latencies stays small in memory. */
    private final Histogram successes = new Histogram(3);
    private long errors;

    void addSuccesses(Histogram interval) {
        successes.add(interval);
    }

    void addErrors(long n) {
        errors += n;
    }

    long count() {
        return successes.getTotalCount();
    }

    long errors() {
        return errors;
    }

    /** Latency in milliseconds at {@code percentile} (0..100) of the successes; NaN when there are none. */
    double percentileMs(double percentile) {
        return count() == 0 ? Double.NaN : successes.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMs() {
        return count() == 0 ? Double.NaN : successes.getMaxValue() / 1000.0;
    }

    /** The STATS of this accumulator over a window of {@code lengthMs} (throughput NaN for an empty window). */
    Stats stats(double lengthMs) {
        double throughput = lengthMs > 0 ? count() / (lengthMs / 1000.0) : Double.NaN;
        return new Stats(count(), errors, throughput, percentileMs(50), percentileMs(90), percentileMs(99),
                percentileMs(99.9), maxMs());
    }
}
