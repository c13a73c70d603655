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

    WindowSlot(String name, double startMs, double endMs) {
        this.name = name;
        this.startMs = startMs;
        this.endMs = Math.max(startMs, endMs);
    }

    /** An interval counts in a window when its start lies inside it. */
    boolean contains(double intervalStartMs) {
        return intervalStartMs >= startMs && intervalStartMs < endMs;
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
