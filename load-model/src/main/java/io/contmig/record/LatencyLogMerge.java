package io.contmig.record;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the latency logs of a run's generator processes (each a {@link LatencyLogWriter} log over the same t=0)
 * into the run's one {@code latency.hlog}, as if one recorder had taken every sample.
 *
 * <ul>
 *   <li>Interval histograms (1 s, epoch tags {@code <tag>#<µs>} included) and the 100 ms ones
 *       ({@link LatencyLogWriter#FINE_SUFFIX}) are <em>added</em> per tag and interval: an interval is known by its
 *       start rounded to its length (the generators' flushers start their intervals at the same whole seconds of
 *       the shared run clock, a few milliseconds apart); the merged one runs from the earliest start to the latest
 *       end.</li>
 *   <li>Success gaps ({@link LatencyLogWriter#GAP_SUFFIX}) are not additive: an operation is down only while
 *       <em>every</em> generator that has it is down, so the merged gaps are the intersection of the generators'
 *       (before a generator's first and after its last known success it counts as down), keeping per second the
 *       longest one ending in it, the writer's own rule. Each log holds only the longest gap per second, so a
 *       merged gap is exact when it lasts 1 s or more and may be missed (a lower bound of downtime) when shorter.</li>
 * </ul>
 * The header is the writer's, with the first input's t=0; it declares phase attribution when any input does.
 * Stateless; an input that does not read is an {@link IOException} naming it, and nothing is written then.
 */
public final class LatencyLogMerge {

    private LatencyLogMerge() {
    }

    /** What a merge did. */
    public record Result(int inputs, long intervalsRead, long intervalsWritten, long elapsedNanos) {
    }

    private record Interval(String tag, long startMs, long endMs, Histogram histogram) {
    }

    private record Gap(long startMs, long endMs) {
    }

    /** Merges {@code inputs} into {@code output}, a new file (an existing one is an error: the record is append-only). */
    public static Result merge(List<Path> inputs, Path output) throws IOException {
        long began = System.nanoTime();
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no latency log to merge");
        }
        Map<String, Interval> added = new LinkedHashMap<>();
        Map<String, List<List<Gap>>> gapsByTag = new LinkedHashMap<>();
        long startEpochMillis = -1;
        boolean phases = false;
        long read = 0;
        for (Path input : inputs) {
            IntervalLogReader reader = new IntervalLogReader(input);
            Map<String, List<Gap>> gapsOfInput = new LinkedHashMap<>();
            long[] count = new long[1];
            reader.forEach((tag, startMillis, endMillis, h) -> {
                count[0]++;
                long start = Math.round(startMillis);
                long end = Math.round(endMillis);
                if (isGap(tag)) {
                    gapsOfInput.computeIfAbsent(tag, t -> new ArrayList<>()).add(new Gap(start, end));
                    return;
                }
                long length = tag.endsWith(LatencyLogWriter.FINE_SUFFIX) ? LatencyLogWriter.FINE_MILLIS
                        : LatencyLogWriter.INTERVAL_MILLIS;
                String key = tag + '\u0000' + Math.round(startMillis / length);
                Interval before = added.get(key);
                Histogram sum = before == null ? new Histogram(StripedRecorder.SIGNIFICANT_DIGITS) : before.histogram();
                sum.add(h);
                added.put(key, before == null ? new Interval(tag, start, end, sum)
                        : new Interval(tag, Math.min(before.startMs(), start), Math.max(before.endMs(), end), sum));
            });
            read += count[0];
            gapsOfInput.forEach((tag, gaps) -> gapsByTag.computeIfAbsent(tag, t -> new ArrayList<>()).add(gaps));
            if (startEpochMillis < 0) {
                startEpochMillis = Math.round(reader.startSeconds() * 1000.0);
            }
            phases |= declaresPhases(input);
        }
        List<Interval> merged = new ArrayList<>(added.values());
        gapsByTag.forEach((tag, perInput) -> {
            for (Gap g : longestPerSecond(intersection(perInput))) {
                merged.add(new Interval(tag, g.startMs(), g.endMs(), LatencyLogWriter.gapHistogram(g.endMs() - g.startMs())));
            }
        });
        merged.sort(Comparator.comparingLong(Interval::startMs));
        write(output, startEpochMillis, phases, merged);
        return new Result(inputs.size(), read, merged.size(), System.nanoTime() - began);
    }

    private static boolean isGap(String tag) {
        int at = tag.indexOf('@');
        return (at < 0 ? tag : tag.substring(0, at)).endsWith(LatencyLogWriter.GAP_SUFFIX);
    }

    private static boolean declaresPhases(Path input) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = in.readLine()) != null && (line.startsWith("#") || line.startsWith("\"StartTimestamp\""))) {
                if (line.equals("#" + LatencyLogWriter.PHASE_ATTRIBUTION_HEADER)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The spans in which every input is down: each input is down in its gaps, before its earliest gap start and
     * after its latest gap end; the result is clipped to the span some input knows.
     */
    static List<Gap> intersection(List<List<Gap>> perInput) {
        long known0 = Long.MAX_VALUE;
        long known1 = Long.MIN_VALUE;
        List<Gap> down = List.of(new Gap(Long.MIN_VALUE, Long.MAX_VALUE));
        for (List<Gap> gaps : perInput) {
            List<Gap> sorted = new ArrayList<>(gaps);
            sorted.sort(Comparator.comparingLong(Gap::startMs));
            long first = sorted.get(0).startMs();
            long last = sorted.stream().mapToLong(Gap::endMs).max().orElseThrow();
            known0 = Math.min(known0, first);
            known1 = Math.max(known1, last);
            List<Gap> own = new ArrayList<>();
            own.add(new Gap(Long.MIN_VALUE, first));
            own.addAll(sorted);
            own.add(new Gap(last, Long.MAX_VALUE));
            down = intersect(down, own);
        }
        List<Gap> clipped = new ArrayList<>();
        for (Gap g : down) {
            long s = Math.max(g.startMs(), known0);
            long e = Math.min(g.endMs(), known1);
            if (e > s) {
                clipped.add(new Gap(s, e));
            }
        }
        return clipped;
    }

    /** The pairwise intersections of two lists of spans, each sorted by start (overlaps within a list allowed). */
    private static List<Gap> intersect(List<Gap> a, List<Gap> b) {
        List<Gap> out = new ArrayList<>();
        for (Gap x : a) {
            for (Gap y : b) {
                if (y.startMs() >= x.endMs()) {
                    break;
                }
                long s = Math.max(x.startMs(), y.startMs());
                long e = Math.min(x.endMs(), y.endMs());
                if (e > s) {
                    out.add(new Gap(s, e));
                }
            }
        }
        return out;
    }

    /** Per second of the end, the longest span ending in it (the writer's rule), in time order. */
    private static List<Gap> longestPerSecond(List<Gap> gaps) {
        Map<Long, Gap> best = new LinkedHashMap<>();
        for (Gap g : gaps) {
            best.merge(Math.floorDiv(g.endMs(), 1000L), g,
                    (x, y) -> (y.endMs() - y.startMs()) > (x.endMs() - x.startMs()) ? y : x);
        }
        List<Gap> out = new ArrayList<>(best.values());
        out.sort(Comparator.comparingLong(Gap::startMs));
        return out;
    }

    private static void write(Path output, long zeroEpochMillis, boolean phases, List<Interval> intervals)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(output, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             PrintStream print = new PrintStream(out, false, StandardCharsets.US_ASCII)) {
            HistogramLogWriter writer = new HistogramLogWriter(print);
            LatencyLogWriter.writeHeader(writer, zeroEpochMillis, phases);
            for (Interval i : intervals) {
                Histogram h = i.histogram();
                h.setTag(i.tag().isEmpty() ? null : i.tag());
                h.setStartTimeStamp(zeroEpochMillis + i.startMs());
                h.setEndTimeStamp(zeroEpochMillis + i.endMs());
                writer.outputIntervalHistogram(h);
            }
            print.flush();
            if (print.checkError()) {
                throw new IOException("cannot write " + output);
            }
        }
    }
}
