package io.contmig.report;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Downtime: the longest run of consecutive 1 s intervals without a success, over the seconds overlapping an
 * injection's [start, end + settle) cut at the run's end. Reads the seconds with a success that
 * {@link LatencyStream} collected; immutable after construction (the bitsets are not copied and must not change).
 */
final class Downtime {

    private final Map<String, BitSet> successSeconds;
    private final double runEndMs;
    private final double settleMs;

    Downtime(Map<String, BitSet> successSeconds, double runEndMs, double settleMs) {
        this.successSeconds = successSeconds;
        this.runEndMs = runEndMs;
        this.settleMs = settleMs;
    }

    /** Per operation (all tenants), the downtime around {@code inj}. */
    Map<String, Double> perOperation(InjectionTrack inj) {
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, BitSet> e : successSeconds.entrySet()) {
            if (!e.getKey().contains("@")) {
                out.put(e.getKey(), ms(inj, List.of(e.getValue())));
            }
        }
        return out;
    }

    /** The longest span in which none of {@code up} had a success, around {@code inj}. */
    double ms(InjectionTrack inj, List<BitSet> up) {
        double boundEnd = Math.min(inj.endMs + settleMs, runEndMs);
        int from = (int) Math.floor(inj.startMs / 1000.0);
        int to = (int) Math.ceil(boundEnd / 1000.0);
        int longest = 0;
        int current = 0;
        for (int s = from; s < to; s++) {
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
     * The success seconds of {@code op}: of the all-tenants tag when {@code allTenants}, else of each tenant tag
     * whose tenant passes {@code tenantFilter}.
     */
    List<BitSet> successBits(String op, Predicate<String> tenantFilter, boolean allTenants) {
        List<BitSet> out = new ArrayList<>();
        for (Map.Entry<String, BitSet> e : successSeconds.entrySet()) {
            String key = e.getKey();
            int at = key.indexOf('@');
            String keyOp = at < 0 ? key : key.substring(0, at);
            if (!keyOp.equals(op)) {
                continue;
            }
            if (allTenants ? at < 0 : at >= 0 && tenantFilter.test(key.substring(at + 1))) {
                out.add(e.getValue());
            }
        }
        return out;
    }
}
