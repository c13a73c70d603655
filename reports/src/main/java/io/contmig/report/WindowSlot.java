package io.contmig.report;

import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.TreeMap;

/**
 * A window being accumulated while the latency log streams by: the operations of all tenants, of each tenant,
 * and of the migrated and co-located tenant groups. Not thread-safe.
 */
final class WindowSlot {

    final String name;
    final double startMs;
    /** Exclusive; {@code +Infinity} while an unfinished injection's end is not known yet. */
    double endMs;
    final Map<String, Accumulator> all = new TreeMap<>();
    final Map<String, Accumulator> byTenant = new TreeMap<>();
    final Map<String, Accumulator> migrated = new TreeMap<>();
    final Map<String, Accumulator> colocated = new TreeMap<>();
    /**
     * Whether this window adds whole phase epochs (samples by intended start, exact) rather than the 1 s intervals
     * starting inside it: during and the phases, when the log has epoch tags.
     */
    final boolean byEpoch;

    WindowSlot(String name, double startMs, double endMs) {
        this(name, startMs, endMs, false);
    }

    WindowSlot(String name, double startMs, double endMs, boolean byEpoch) {
        this.name = name;
        this.startMs = startMs;
        this.endMs = Math.max(startMs, endMs);
        this.byEpoch = byEpoch;
    }

    /** An interval counts in a window when its start lies inside it (windows that add intervals). */
    boolean contains(double intervalStartMs) {
        return !byEpoch && intervalStartMs >= startMs && intervalStartMs < endMs;
    }

    /**
     * An epoch counts in a window when its start lies inside it, compared in whole microseconds: epochs begin at
     * injection marks, as windows do, so each epoch lies wholly inside or outside (windows that add epochs).
     */
    boolean containsEpoch(long epochStartMicros) {
        return byEpoch && epochStartMicros >= Math.round(startMs * 1000)
                && (Double.isInfinite(endMs) || epochStartMicros < Math.round(endMs * 1000));
    }

    void add(TagName tag, String migratedTenant, Histogram h) {
        if (tag.tenant().isEmpty()) {
            add(all, tag.operation(), tag, h);
            return;
        }
        add(byTenant, tag.operation() + "@" + tag.tenant(), tag, h);
        add(tag.tenant().equals(migratedTenant) ? migrated : colocated, tag.operation(), tag, h);
    }

    private static void add(Map<String, Accumulator> map, String key, TagName tag, Histogram h) {
        Accumulator acc = map.computeIfAbsent(key, k -> new Accumulator());
        if (tag.failure()) {
            acc.addErrors(h.getTotalCount());
        } else {
            acc.addSuccesses(h);
        }
    }

    /** This window's length clipped to the run, in ms. */
    double lengthMs(double runEndMs) {
        return Math.max(0, Math.min(endMs, runEndMs) - Math.max(0, startMs));
    }

    WindowResult result(double runEndMs) {
        double end = Math.min(endMs, Math.max(startMs, runEndMs));
        return new WindowResult(name, startMs, end, stats(all, runEndMs));
    }

    Map<String, Stats> stats(Map<String, Accumulator> map, double runEndMs) {
        Map<String, Stats> out = new TreeMap<>();
        double length = lengthMs(runEndMs);
        map.forEach((op, acc) -> out.put(op, acc.stats(length)));
        return out;
    }
}
