package io.contmig.runner.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.record.RunRecord;
import io.contmig.runner.study.Bootstrap;
import org.HdrHistogram.HistogramIterationValue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares a candidate with a baseline, metric by metric, every metric lower-is-better. Two ways, by what each side
 * holds:
 * <ul>
 *   <li><b>studies</b> (several trials per side): per cell of the same name and per metric of {@code study.json}
 *       (durations, latencies and ratios in ms, downtime, lost, duplicated), the ratio of medians over trials with its
 *       percentile-bootstrap interval ({@link Bootstrap}); a regression when the interval's lower end exceeds
 *       {@code 1 + threshold}. From 0 (lost, duplicated): a regression when the candidate's median is above 0.</li>
 *   <li><b>runs</b> (one run per side): per injection, window (before, during) and operation, p50 and p99 of the 1 s
 *       interval histograms inside the window, with a moving-block bootstrap interval ({@link BlockBootstrap}); the
 *       same rule. It measures the run's own noise only — not the noise between runs (a different seed, a busier
 *       machine) — so it is sure of a large, steady change, and says so; injection durations (one value per side)
 *       are shown without an interval and never judged.</li>
 * </ul>
 * Pure functions of the stored files. Stateless.
 */
public final class Comparisons {

    private Comparisons() {
    }

    /** Study against study. */
    public static List<Compared> studies(JsonNode baseline, JsonNode candidate, double threshold) {
        List<Compared> out = new ArrayList<>();
        Map<String, JsonNode> baseCells = new HashMap<>();
        baseline.path("cells").forEach(c -> baseCells.put(c.path("name").asText(), c));
        for (JsonNode cell : candidate.path("cells")) {
            JsonNode base = baseCells.get(cell.path("name").asText());
            if (base == null) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = cell.path("metrics").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode b = base.path("metrics").path(e.getKey());
                if (b.isMissingNode() || !lowerIsBetter(e.getKey())) {
                    continue;
                }
                List<Double> bv = values(b);
                List<Double> cv = values(e.getValue());
                String name = cell.path("name").asText() + "/" + e.getKey();
                Bootstrap.Ratio r = Bootstrap.ratio(bv, cv, name);
                double bm = Bootstrap.summarize(bv, name).median();
                double cm = Bootstrap.summarize(cv, name).median();
                String sure = bv.size() < Bootstrap.FEW_TRIALS || cv.size() < Bootstrap.FEW_TRIALS
                        ? bv.size() + " vs " + cv.size() + " trials: a coarse interval" : bv.size() + " vs " + cv.size() + " trials";
                if (!r.known()) {
                    boolean fromZero = bm == 0 && cm > 0;
                    out.add(new Compared(name, bm, cm, Double.NaN, Double.NaN, Double.NaN, fromZero,
                            fromZero ? "baseline median 0, candidate " + plain(cm) : "no ratio (baseline median 0)"));
                } else {
                    out.add(new Compared(name, bm, cm, r.ratio(), r.ciLow(), r.ciHigh(), r.ciLow() > 1 + threshold, sure));
                }
            }
        }
        return out;
    }

    /** Run against run, from their report.json and latency.hlog. */
    public static List<Compared> runs(Path baselineDir, JsonNode baseline, Path candidateDir, JsonNode candidate,
                                      double threshold) throws IOException {
        Map<String, List<Timed>> baseIntervals = intervals(baselineDir);
        Map<String, List<Timed>> candIntervals = intervals(candidateDir);
        Map<String, JsonNode> baseInjections = new HashMap<>();
        baseline.path("injections").forEach(i -> baseInjections.put(i.path("name").asText(), i));
        List<Compared> out = new ArrayList<>();
        for (JsonNode inj : candidate.path("injections")) {
            String name = inj.path("name").asText();
            JsonNode base = baseInjections.get(name);
            if (base == null) {
                continue;
            }
            double bd = base.path("endMs").asDouble() - base.path("startMs").asDouble();
            double cd = inj.path("endMs").asDouble() - inj.path("startMs").asDouble();
            out.add(new Compared(name + ".durationMs", bd, cd, bd > 0 ? cd / bd : Double.NaN, Double.NaN, Double.NaN,
                    false, "one value per side: no interval, not judged"));
            for (String window : List.of("before", "during")) {
                for (Iterator<String> ops = inj.path("windows").path(window).fieldNames(); ops.hasNext(); ) {
                    String op = ops.next();
                    if (op.endsWith(".ko") || base.path("windows").path(window).path(op).isMissingNode()) {
                        continue;
                    }
                    List<BlockBootstrap.Interval> b = inside(baseIntervals.get(op), base.path("windowSpans").path(window));
                    List<BlockBootstrap.Interval> c = inside(candIntervals.get(op), inj.path("windowSpans").path(window));
                    for (double p : new double[]{50, 99}) {
                        String metric = String.format(Locale.ROOT, "%s.%s.p%.0fMs.%s", name, op, p, window);
                        double[] r = BlockBootstrap.ratio(b, c, p, metric);
                        String note = b.size() + " vs " + c.size() + " one-second intervals, block bootstrap within"
                                + " each run: run-to-run noise is not in this interval";
                        out.add(new Compared(metric, BlockBootstrap.percentile(b, p), BlockBootstrap.percentile(c, p),
                                r[0], r[1], r[2], !Double.isNaN(r[1]) && r[1] > 1 + threshold, note));
                    }
                }
            }
        }
        return out;
    }

    /** Metrics where more is worse: times, latencies, their ratios, downtime, lost and duplicated events. */
    static boolean lowerIsBetter(String metric) {
        return metric.contains("Ms") || metric.contains("Ratio") || metric.endsWith(".lost") || metric.endsWith(".duplicated");
    }

    private record Timed(double startMs, BlockBootstrap.Interval interval) {
    }

    private static List<BlockBootstrap.Interval> inside(List<Timed> all, JsonNode span) {
        List<BlockBootstrap.Interval> out = new ArrayList<>();
        if (all == null || !span.path("startMs").isNumber() || !span.path("endMs").isNumber()) {
            return out;
        }
        double start = span.path("startMs").asDouble();
        double end = span.path("endMs").asDouble();
        for (Timed t : all) {
            if (t.startMs() >= start && t.startMs() < end) {
                out.add(t.interval());
            }
        }
        return out;
    }

    /** Every all-tenant tag's intervals (tags without {@code @}), each as distinct values and counts in ms. */
    private static Map<String, List<Timed>> intervals(Path runDir) throws IOException {
        Map<String, List<Timed>> out = new TreeMap<>();
        RunRecord.open(runDir).forEachInterval((tag, startMs, endMs, h) -> {
            if (tag.contains("@")) {
                return;
            }
            List<Double> values = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (HistogramIterationValue v : h.recordedValues()) {
                values.add(h.highestEquivalentValue(v.getValueIteratedTo()) / 1000.0);
                counts.add(v.getCountAtValueIteratedTo());
            }
            out.computeIfAbsent(tag, k -> new ArrayList<>()).add(new Timed(startMs, new BlockBootstrap.Interval(
                    values.stream().mapToDouble(Double::doubleValue).toArray(),
                    counts.stream().mapToLong(Long::longValue).toArray())));
        });
        return out;
    }

    private static List<Double> values(JsonNode metric) {
        List<Double> v = new ArrayList<>();
        metric.path("values").forEach(x -> {
            if (x.isNumber()) {
                v.add(x.asDouble());
            }
        });
        return v;
    }

    private static String plain(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
