package io.contmig.runner.compare;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Moving-block bootstrap of a percentile over a window's 1 s intervals, for comparing two single runs: consecutive
 * intervals are autocorrelated (a stall spans several), so resampling draws blocks of {@code ⌈m^(1/3)⌉} consecutive
 * intervals, not single ones (Künsch 1989), until the resample holds as many intervals as the window. The statistic
 * of a resample is the percentile of all its samples together (histograms are added, percentiles never averaged).
 * The ratio of two windows' percentiles gets the 2.5th..97.5th percentiles of {@link #RESAMPLES} resampled ratios,
 * each side resampled independently, seed fixed. Stateless.
 */
public final class BlockBootstrap {

    /** Resamples per ratio. */
    public static final int RESAMPLES = 1000;
    private static final long SEED = 0xB10C_2026L;

    private BlockBootstrap() {
    }

    /**
     * The samples of one 1 s interval, as distinct values (ms) with their counts, sorted by value.
     *
     * @param valuesMs distinct values
     * @param counts   how often each was recorded
     */
    public record Interval(double[] valuesMs, long[] counts) {
        long total() {
            return Arrays.stream(counts).sum();
        }
    }

    /** The {@code percentile} (0..100) of every sample of {@code intervals} together; NaN when they hold none. */
    public static double percentile(List<Interval> intervals, double percentile) {
        int size = intervals.stream().mapToInt(i -> i.valuesMs().length).sum();
        double[] v = new double[size];
        long[] c = new long[size];
        int k = 0;
        long total = 0;
        for (Interval i : intervals) {
            System.arraycopy(i.valuesMs(), 0, v, k, i.valuesMs().length);
            System.arraycopy(i.counts(), 0, c, k, i.counts().length);
            k += i.valuesMs().length;
            total += i.total();
        }
        if (total == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[size];
        for (int j = 0; j < size; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        long rank = Math.max(1, (long) Math.ceil(percentile / 100 * total));
        long seen = 0;
        for (Integer j : order) {
            seen += c[j];
            if (seen >= rank) {
                return v[j];
            }
        }
        return v[order[size - 1]];
    }

    /** {@code percentile(candidate) / percentile(baseline)} and its interval; NaNs when either side is empty. */
    public static double[] ratio(List<Interval> baseline, List<Interval> candidate, double percentile, String name) {
        double b = percentile(baseline, percentile);
        double c = percentile(candidate, percentile);
        if (Double.isNaN(b) || Double.isNaN(c) || b == 0) {
            return new double[]{Double.NaN, Double.NaN, Double.NaN};
        }
        Indexed ib = new Indexed(baseline);
        Indexed ic = new Indexed(candidate);
        SplittableRandom random = new SplittableRandom(SEED ^ name.hashCode());
        double[] ratios = new double[RESAMPLES];
        int n = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            double rb = ib.percentile(resample(baseline.size(), random), percentile);
            double rc = ic.percentile(resample(candidate.size(), random), percentile);
            if (rb > 0 && !Double.isNaN(rc)) {
                ratios[n++] = rc / rb;
            }
        }
        double[] kept = Arrays.copyOf(ratios, n);
        Arrays.sort(kept);
        return n == 0 ? new double[]{c / b, Double.NaN, Double.NaN}
                : new double[]{c / b, at(kept, 2.5), at(kept, 97.5)};
    }

    /** A window's intervals over one sorted universe of values, so a resample's percentile is a count and a scan. */
    private static final class Indexed {
        private final double[] universe;
        private final int[][] index;
        private final long[][] counts;

        Indexed(List<Interval> intervals) {
            universe = intervals.stream().flatMapToDouble(i -> Arrays.stream(i.valuesMs())).sorted().distinct().toArray();
            index = new int[intervals.size()][];
            counts = new long[intervals.size()][];
            for (int j = 0; j < intervals.size(); j++) {
                Interval i = intervals.get(j);
                index[j] = Arrays.stream(i.valuesMs()).mapToInt(v -> Arrays.binarySearch(universe, v)).toArray();
                counts[j] = i.counts();
            }
        }

        double percentile(int[] picks, double percentile) {
            long[] total = new long[universe.length];
            long all = 0;
            for (int p : picks) {
                for (int k = 0; k < index[p].length; k++) {
                    total[index[p][k]] += counts[p][k];
                    all += counts[p][k];
                }
            }
            if (all == 0) {
                return Double.NaN;
            }
            long rank = Math.max(1, (long) Math.ceil(percentile / 100 * all));
            long seen = 0;
            for (int k = 0; k < total.length; k++) {
                seen += total[k];
                if (seen >= rank) {
                    return universe[k];
                }
            }
            return universe[universe.length - 1];
        }
    }

    /** Indices of {@code m} intervals drawn as blocks of {@code ⌈m^(1/3)⌉} consecutive ones. */
    private static int[] resample(int m, SplittableRandom random) {
        int block = Math.max(1, (int) Math.ceil(Math.cbrt(m)));
        int[] out = new int[m];
        int n = 0;
        while (n < m) {
            int start = random.nextInt(Math.max(1, m - block + 1));
            for (int j = start; j < Math.min(m, start + block) && n < m; j++) {
                out[n++] = j;
            }
        }
        return out;
    }

    private static double at(double[] sorted, double p) {
        double rank = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }
}
