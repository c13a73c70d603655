package io.contmig.report;

import io.contmig.record.LatencyLogWriter;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latency log streamed once: each interval histogram is added to the whole-run figures, the chart series, the
 * seconds with a success (for downtime) and every window whose span holds the interval's start; each epoch histogram
 * ({@code <tag>#<µs>}) to every by-epoch window holding the epoch's start. Keeps one
 * histogram per operation and window, never the intervals. Single use, not thread-safe.
 */
final class LatencyStream {

    private final double runFinishedMs;
    private final Map<String, Accumulator> wholeRun = new TreeMap<>();
    private final Map<String, SeriesBuilder> series = new TreeMap<>();
    /** The 100 ms histograms ({@code <tag>~100ms}) per {@code op} or {@code op@tenant}, indexed by tenth of a second. */
    private final Map<String, SeriesBuilder> zoomSeries = new TreeMap<>();
    /** Per {@code op} or {@code op@tenant}: the seconds holding at least one success. */
    private final Map<String, BitSet> successSeconds = new TreeMap<>();
    /** Per {@code op} or {@code op@tenant}: the successes of the whole run (for the mean inter-arrival). */
    private final Map<String, Long> successCounts = new TreeMap<>();
    /** Per {@code op} or {@code op@tenant}: the success gaps of the log ({@code <op>.gap} tags), [start, end] ms. */
    private final Map<String, List<double[]>> gaps = new TreeMap<>();
    /** Every window of every injection, flattened for the per-interval loop, with the injection's tenant. */
    private final WindowSlot[] slots;
    private final String[] slotTenants;
    private double lastIntervalEndMs;

    /**
     * @param runFinishedMs the {@code run-finished} time: intervals starting at or after it count nowhere; NaN when
     *                      the record has no such mark (then every interval counts)
     */
    LatencyStream(List<InjectionTrack> injections, double runFinishedMs) {
        this.runFinishedMs = runFinishedMs;
        List<WindowSlot> all = new ArrayList<>();
        List<String> tenants = new ArrayList<>();
        for (InjectionTrack inj : injections) {
            for (WindowSlot slot : inj.slots()) {
                all.add(slot);
                tenants.add(inj.tenant());
            }
        }
        slots = all.toArray(new WindowSlot[0]);
        slotTenants = tenants.toArray(new String[0]);
    }

    /** One interval histogram of the log; the shape of {@code RunRecord.IntervalConsumer}. */
    void accept(String tag, double startMs, double endMs, Histogram h) {
        if (tag.endsWith(LatencyLogWriter.FINE_SUFFIX)) {
            // For the zoom panels only: the 1 s intervals carry the same samples for everything else.
            TagName name = TagName.parse(tag.substring(0, tag.length() - LatencyLogWriter.FINE_SUFFIX.length()));
            int tenth = (int) Math.round(startMs / LatencyLogWriter.FINE_MILLIS);
            zoomSeries.computeIfAbsent(name.key(), SeriesBuilder::new).add(tenth, name.failure(), h);
            return;
        }
        lastIntervalEndMs = Math.max(lastIntervalEndMs, endMs);
        TagName name = TagName.parse(tag);
        if (name.gap()) {
            gaps.computeIfAbsent(name.key(), k -> new ArrayList<>()).add(new double[] {startMs, endMs});
            return;
        }
        if (name.epochTagged()) {
            // A phase epoch's samples, by intended start: they count in the windows holding the epoch, wherever
            // the interval that carried them lies; the ordinary tags carry them for everything else.
            if (!(name.epochMicros() >= runFinishedMs * 1000)) {
                for (int i = 0; i < slots.length; i++) {
                    if (slots[i].containsEpoch(name.epochMicros())) {
                        slots[i].add(name, slotTenants[i], h);
                    }
                }
            }
            return;
        }
        if (startMs >= runFinishedMs) {
            // Written after run-finished (e.g. the log's final, partial interval): outside the run and every
            // window. Without the mark (NaN, which compares false) every interval counts.
            return;
        }
        // Intervals start at whole seconds plus the flusher's jitter; round to the nearest second.
        int second = (int) Math.round(startMs / 1000.0);
        if (name.tenant().isEmpty()) {
            Accumulator acc = wholeRun.computeIfAbsent(name.operation(), k -> new Accumulator());
            if (name.failure()) {
                acc.addErrors(h.getTotalCount());
            } else {
                acc.addSuccesses(h);
            }
            series.computeIfAbsent(name.operation(), SeriesBuilder::new).add(second, name.failure(), h);
        } else {
            // Per tenant too, for the zoom panels' migrated and co-located lines.
            series.computeIfAbsent(name.key(), SeriesBuilder::new).add(second, name.failure(), h);
        }
        if (!name.failure() && h.getTotalCount() > 0 && second >= 0) {
            successSeconds.computeIfAbsent(name.key(), k -> new BitSet()).set(second);
            successCounts.merge(name.key(), h.getTotalCount(), Long::sum);
        }
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].contains(startMs)) {
                slots[i].add(name, slotTenants[i], h);
            }
        }
    }

    double lastIntervalEndMs() {
        return lastIntervalEndMs;
    }

    /** Whole-run statistics per operation (all tenants). */
    Map<String, Stats> operations(double runEndMs) {
        Map<String, Stats> out = new TreeMap<>();
        wholeRun.forEach((op, acc) -> out.put(op, acc.stats(runEndMs)));
        return out;
    }

    /** Per-second chart series per operation and per {@code op@tenant}, {@code seconds} long. */
    Map<String, Series> charts(int seconds) {
        Map<String, Series> out = new TreeMap<>();
        series.forEach((op, b) -> out.put(op, b.build(seconds)));
        return out;
    }

    /** The 100 ms series per {@code op} and {@code op@tenant} (see {@link RunReport#zoomSeries()}); may be empty. */
    Map<String, Series> zoomCharts() {
        Map<String, Series> out = new TreeMap<>();
        zoomSeries.forEach((key, b) -> out.put(key, b.build(b.length())));
        return out;
    }

    Downtime downtime(double runEndMs, double settleMs) {
        return new Downtime(successSeconds, gaps, successCounts, runEndMs, settleMs);
    }
}
