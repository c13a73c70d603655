package io.contmig.report;

import org.HdrHistogram.Histogram;

import java.util.Arrays;

/** Grows the per-second chart series of one operation while the log streams by. Not thread-safe. */
final class SeriesBuilder {

    private final String operation;
    private double[] p50 = nans(64);
    private double[] p99 = nans(64);
    private double[] max = nans(64);
    private long[] count = new long[64];
    private long[] errors = new long[64];
    /** One past the highest index added to. */
    private int length;

    SeriesBuilder(String operation) {
        this.operation = operation;
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    void add(int second, boolean failure, Histogram h) {
        if (second < 0) {
            return;
        }
        ensure(second + 1);
        length = Math.max(length, second + 1);
        if (failure) {
            errors[second] += h.getTotalCount();
            return;
        }
        // Several intervals in one second (an irregular log): keep the larger latency, add counts.
        p50[second] = maxOf(p50[second], h.getValueAtPercentile(50) / 1000.0);
        p99[second] = maxOf(p99[second], h.getValueAtPercentile(99) / 1000.0);
        max[second] = maxOf(max[second], h.getMaxValue() / 1000.0);
        count[second] += h.getTotalCount();
    }

    private static double maxOf(double current, double v) {
        return Double.isNaN(current) ? v : Math.max(current, v);
    }

    private void ensure(int n) {
        if (n <= p50.length) {
            return;
        }
        int size = Math.max(n, p50.length * 2);
        int old = p50.length;
        p50 = Arrays.copyOf(p50, size);
        p99 = Arrays.copyOf(p99, size);
        max = Arrays.copyOf(max, size);
        Arrays.fill(p50, old, size, Double.NaN);
        Arrays.fill(p99, old, size, Double.NaN);
        Arrays.fill(max, old, size, Double.NaN);
        count = Arrays.copyOf(count, size);
        errors = Arrays.copyOf(errors, size);
    }

    /** One past the highest index (second, or tenth of a second for the zoom series) added to. */
    int length() {
        return length;
    }

    /** The series over {@code seconds} seconds (padded with empty seconds or cut). */
    Series build(int seconds) {
        ensure(seconds);
        return new Series(operation, Arrays.copyOf(p50, seconds), Arrays.copyOf(p99, seconds),
                Arrays.copyOf(max, seconds), Arrays.copyOf(count, seconds), Arrays.copyOf(errors, seconds));
    }
}
