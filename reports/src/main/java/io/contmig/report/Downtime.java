package io.contmig.report;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Downtime of an operation around an injection, over [start, end + settle) cut at the run's end.
 *
 * <p>With the log's success gaps ({@code <op>.gap} tags, millisecond resolution): the longest span between the
 * intended starts of consecutive successes, clipped to that window, minus the operation's mean inter-arrival over
 * the run (run length ÷ successes), never below 0. At 100 requests/s (mean 10 ms), successes intended at …, 4.990 s
 * and then 5.300 s make a 310 ms gap and a downtime of 300 ms; one request per second reads 0, not a gap.
 *
 * <p>Without them (an older record, another tool's) or for a group of several tenants (the co-located ones, whose
 * gaps cannot be intersected from per-tenant maxima): the longest run of consecutive 1 s intervals without a
 * success, resolution 1 s. Reads what {@link LatencyStream} collected; immutable after construction (the collections
 * are not copied and must not change).
 */
final class Downtime {

    private final Map<String, BitSet> successSeconds;
    private final Map<String, List<double[]>> gaps;
    private final Map<String, Long> successCounts;
    private final double runEndMs;
    private final double settleMs;

    Downtime(Map<String, BitSet> successSeconds, Map<String, List<double[]>> gaps, Map<String, Long> successCounts,
             double runEndMs, double settleMs) {
        this.successSeconds = successSeconds;
        this.gaps = gaps;
        this.successCounts = successCounts;
        this.runEndMs = runEndMs;
        this.settleMs = settleMs;
    }

    /** Per operation (all tenants), the downtime around {@code inj}. */
    Map<String, Double> perOperation(InjectionTrack inj) {
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, BitSet> e : successSeconds.entrySet()) {
            if (!e.getKey().contains("@")) {
                out.put(e.getKey(), ms(inj, List.of(e.getKey())));
            }
        }
        return out;
    }

    /**
     * The downtime around {@code inj} of the keys ({@code op} or {@code op@tenant}) together: the longest span in
     * which none of them had a success.
     */
    double ms(InjectionTrack inj, List<String> keys) {
        double windowEnd = Math.min(inj.endMs + settleMs, runEndMs);
        if (keys.size() == 1 && gaps.containsKey(keys.get(0))) {
            return fromGaps(keys.get(0), inj.startMs, windowEnd);
        }
        List<BitSet> up = new ArrayList<>();
        for (String key : keys) {
            BitSet b = successSeconds.get(key);
            if (b != null) {
                up.add(b);
            }
        }
        return fromSeconds(inj.startMs, windowEnd, up);
    }

    private double fromGaps(String key, double from, double to) {
        double longest = 0;
        for (double[] gap : gaps.get(key)) {
            double clipped = Math.min(gap[1], to) - Math.max(gap[0], from);
            longest = Math.max(longest, clipped);
        }
        long successes = successCounts.getOrDefault(key, 0L);
        double meanInterArrival = successes == 0 ? 0 : runEndMs / successes;
        return Math.max(0, Math.round((longest - meanInterArrival) * 1000) / 1000.0);
    }

    private static double fromSeconds(double from, double to, List<BitSet> up) {
        int first = (int) Math.floor(from / 1000.0);
        int last = (int) Math.ceil(to / 1000.0);
        int longest = 0;
        int current = 0;
        for (int s = first; s < last; s++) {
            boolean anyUp = false;
            for (BitSet b : up) {
                anyUp |= b.get(s);
            }
            current = anyUp ? 0 : current + 1;
            longest = Math.max(longest, current);
        }
        return longest * 1000.0;
    }

    /**
     * The keys of {@code op}: the all-tenants key when {@code allTenants}, else each tenant key whose tenant passes
     * {@code tenantFilter}, among the keys with a success somewhere in the run.
     */
    List<String> keys(String op, Predicate<String> tenantFilter, boolean allTenants) {
        List<String> out = new ArrayList<>();
        for (String key : successSeconds.keySet()) {
            int at = key.indexOf('@');
            String keyOp = at < 0 ? key : key.substring(0, at);
            if (!keyOp.equals(op)) {
                continue;
            }
            if (allTenants ? at < 0 : at >= 0 && tenantFilter.test(key.substring(at + 1))) {
                out.add(key);
            }
        }
        return out;
    }
}
