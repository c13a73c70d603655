package io.contmig.runner.study;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Percentile bootstrap over trials (each trial one observation: a trial's p99 is one value, percentiles are never
 * averaged). The interval of a cell's median: resample the trials with replacement {@link #RESAMPLES} times, take the
 * median of each resample, and report the 2.5th and 97.5th percentiles of those medians. The interval of a ratio of
 * two cells' medians: resample each cell independently, take the ratio of the resampled medians, same percentiles.
 * No normality assumed. With few trials the interval is coarse (with n = 2 it is the range of the two values); the
 * study page says so below {@link #FEW_TRIALS}.
 *
 * <p>Reproducible: each estimate draws from its own {@link SplittableRandom} seeded with {@link #SEED} mixed with a
 * name the caller gives (the metric and cells), so the same values always give the same interval, whatever else the
 * study holds. Stateless and thread-safe.
 */
public final class Bootstrap {

    /** Resamples per estimate (Criterion.rs uses 100,000; 10,000 keeps a large study's analysis under a second). */
    public static final int RESAMPLES = 10_000;
    /** Confidence of every interval. */
    public static final double CONFIDENCE = 0.95;
    /** The base seed of every estimate. */
    public static final long SEED = 0x5EED_2026L;
    /** Below this many trials per cell an interval means little; reports say so. */
    public static final int FEW_TRIALS = 5;

    /** How the intervals are computed, for {@code study.json} and the page. */
    public static final String METHOD = "percentile bootstrap over trials: " + RESAMPLES
            + " resamples with replacement per estimate, 95 % interval = 2.5th..97.5th percentile of the resampled"
            + " medians (of the ratio of two cells' medians, resampling each cell independently); one value per trial"
            + " (percentiles never averaged); fixed seed " + SEED + " mixed with the metric's name, so the same runs"
            + " give the same intervals; with fewer than " + FEW_TRIALS + " trials per cell intervals are coarse";

    private Bootstrap() {
    }

    /** n, mean, median and the bootstrap interval of the median of {@code values}; all NaN when empty. */
    public static MetricSummary summarize(List<Double> values, String name) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            return new MetricSummary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, values);
        }
        double mean = Arrays.stream(v).average().orElse(Double.NaN);
        double median = median(v.clone());
        SplittableRandom random = new SplittableRandom(SEED ^ name.hashCode());
        double[] medians = new double[RESAMPLES];
        double[] sample = new double[v.length];
        for (int b = 0; b < RESAMPLES; b++) {
            resample(v, sample, random);
            medians[b] = median(sample);
        }
        Arrays.sort(medians);
        return new MetricSummary(v.length, mean, median, percentile(medians, 2.5), percentile(medians, 97.5), values);
    }

    /**
     * The ratio {@code median(cell) / median(baseline)} and its bootstrap interval; empty (ratio NaN) when either side
     * has no values or the baseline's median is 0.
     */
    public static Ratio ratio(List<Double> baseline, List<Double> cell, String name) {
        double[] a = baseline.stream().mapToDouble(Double::doubleValue).toArray();
        double[] c = cell.stream().mapToDouble(Double::doubleValue).toArray();
        if (a.length == 0 || c.length == 0 || median(a.clone()) == 0) {
            return Ratio.NONE;
        }
        double ratio = median(c.clone()) / median(a.clone());
        SplittableRandom random = new SplittableRandom(SEED ^ name.hashCode());
        double[] ratios = new double[RESAMPLES];
        double[] sa = new double[a.length];
        double[] sc = new double[c.length];
        int n = 0;
        for (int b = 0; b < RESAMPLES; b++) {
            resample(a, sa, random);
            resample(c, sc, random);
            double denominator = median(sa);
            if (denominator != 0) {
                ratios[n++] = median(sc) / denominator;
            }
        }
        if (n == 0) {
            return Ratio.NONE;
        }
        double[] kept = Arrays.copyOf(ratios, n);
        Arrays.sort(kept);
        double low = percentile(kept, 2.5);
        double high = percentile(kept, 97.5);
        return new Ratio(ratio, low, high, low > 1 || high < 1);
    }

    /**
     * A ratio of medians with its interval.
     *
     * @param significant whether the interval excludes 1
     */
    public record Ratio(double ratio, double ciLow, double ciHigh, boolean significant) {
        /** No ratio: a side without values, or a baseline median of 0. */
        public static final Ratio NONE = new Ratio(Double.NaN, Double.NaN, Double.NaN, false);

        public boolean known() {
            return !Double.isNaN(ratio);
        }
    }

    private static void resample(double[] from, double[] into, SplittableRandom random) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[random.nextInt(from.length)];
        }
    }

    /** The median of {@code v}, sorting it in place. */
    static double median(double[] v) {
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** Linear-interpolated percentile of sorted {@code v}. */
    static double percentile(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
