package io.contmig.runner.study;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link StudyResult} as {@code study.json} (the shape in the root README, plus per-trial SLO outcomes,
 * wall times and the advisor's points) and {@code study.csv} (one row per cell and metric). Numbers are plain
 * decimals rounded to 6 significant digits; NaN is null in JSON and empty in CSV. Stateless.
 */
public final class StudyFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StudyFiles() {
    }

    /** {@code study.json}'s tree. */
    public static ObjectNode json(StudyResult r) {
        ObjectNode root = NODES.objectNode();
        root.put("studyId", r.studyId());
        root.put("name", r.name());
        root.put("trials", r.trials());
        root.put("confidence", Bootstrap.CONFIDENCE);
        root.put("method", Bootstrap.METHOD);
        root.put("isolation", isolation(r));
        ArrayNode slo = root.putArray("slo");
        r.slo().forEach(s -> slo.add(s.toString()));
        ArrayNode cells = root.putArray("cells");
        for (StudyResult.Cell c : r.cells()) {
            ObjectNode cell = cells.addObject();
            cell.put("name", c.name());
            ObjectNode set = cell.putObject("set");
            c.cell().set().forEach(set::put);
            ArrayNode runs = cell.putArray("runs");
            ArrayNode verdicts = cell.putArray("verdicts");
            ArrayNode wall = cell.putArray("wallSeconds");
            ArrayNode between = cell.putArray("betweenSeconds");
            ArrayNode isolation = cell.putArray("isolation");
            ArrayNode sloOutcomes = cell.putArray("sloOutcomes");
            for (int t = 0; t < c.trials().size(); t++) {
                TrialResult trial = c.trials().get(t);
                runs.add(trial.runId());
                verdicts.add(trial.verdict());
                number(wall, trial.wallSeconds());
                number(between, trial.start().betweenSeconds());
                isolation.add(trial.start().isolation());
                ArrayNode outcomes = sloOutcomes.addArray();
                for (SloCheck.Outcome o : c.slo().get(t)) {
                    ObjectNode x = outcomes.addObject();
                    x.put("slo", o.slo().toString());
                    x.put("verdict", o.verdict().name());
                    if (!o.detail().isEmpty()) {
                        x.put("detail", o.detail());
                    }
                }
            }
            cell.put("meetsSlo", c.meetsSlo());
            ObjectNode metrics = cell.putObject("metrics");
            for (Map.Entry<String, MetricSummary> e : new java.util.TreeMap<>(c.metrics()).entrySet()) {
                MetricSummary m = e.getValue();
                ObjectNode x = metrics.putObject(e.getKey());
                x.put("n", m.n());
                number(x, "mean", m.mean());
                number(x, "median", m.median());
                number(x, "ciLow", m.ciLow());
                number(x, "ciHigh", m.ciHigh());
                ArrayNode values = x.putArray("values");
                m.values().forEach(v -> number(values, v));
            }
        }
        ArrayNode comparisons = root.putArray("comparisons");
        for (StudyResult.Comparison c : r.comparisons()) {
            ObjectNode x = comparisons.addObject();
            x.put("metric", c.metric());
            x.put("baseline", c.baseline());
            x.put("cell", c.cell());
            number(x, "ratio", c.ratio().ratio());
            number(x, "ciLow", c.ratio().ciLow());
            number(x, "ciHigh", c.ratio().ciHigh());
            x.put("significant", c.ratio().significant());
        }
        root.set("recommendation", recommendation(r.recommendation()));
        return root;
    }

    /**
     * What isolation the trials had, from how they started: warm executors ({@link WarmTrials}) mark their trials
     * {@code warm} or {@code cold: <why>}, {@link ColdTrials} plain {@code cold}.
     */
    static String isolation(StudyResult r) {
        List<String> starts = r.cells().stream().flatMap(c -> c.trials().stream()).map(t -> t.start().isolation())
                .filter(s -> !s.isEmpty()).toList();
        if (starts.isEmpty()) {
            return "not recorded";
        }
        return starts.stream().allMatch(WarmTrials.COLD::equals) ? WarmTrials.COLD_TRADE : WarmTrials.TRADE;
    }

    private static ObjectNode recommendation(Advisor.Recommendation rec) {
        ObjectNode x = NODES.objectNode();
        if (!rec.scope().isEmpty()) {
            x.put("injection", rec.scope());
        }
        if (rec.cell() == null) {
            x.putNull("cell");
        } else {
            x.put("cell", rec.cell());
        }
        x.put("why", rec.why());
        ArrayNode pareto = x.putArray("pareto");
        rec.pareto().forEach(pareto::add);
        ArrayNode points = x.putArray("points");
        for (Advisor.Point p : rec.points()) {
            ObjectNode o = points.addObject();
            o.put("cell", p.cell());
            number(o, "durationMs", p.durationMs());
            number(o, "migratedP99Ratio", p.migratedRatio());
            number(o, "colocatedP99Ratio", p.colocatedRatio());
            o.put("eligible", p.eligible());
            o.put("pareto", p.pareto());
        }
        if (!rec.perStore().isEmpty()) {
            ArrayNode per = x.putArray("perInjection");
            rec.perStore().forEach(r -> per.add(recommendation(r)));
        }
        return x;
    }

    /** {@code study.csv}: {@code cell,metric,n,mean,median,ciLow,ciHigh,values} (values separated by {@code ;}). */
    public static String csv(StudyResult r) {
        StringBuilder s = new StringBuilder("cell,metric,n,mean,median,ciLow,ciHigh,values\n");
        for (StudyResult.Cell c : r.cells()) {
            for (Map.Entry<String, MetricSummary> e : new java.util.TreeMap<>(c.metrics()).entrySet()) {
                MetricSummary m = e.getValue();
                s.append(c.name()).append(',').append(e.getKey()).append(',').append(m.n()).append(',')
                        .append(plain(m.mean())).append(',').append(plain(m.median())).append(',')
                        .append(plain(m.ciLow())).append(',').append(plain(m.ciHigh())).append(',')
                        .append(String.join(";", m.values().stream().map(StudyFiles::plain).toList())).append('\n');
            }
        }
        return s.toString();
    }

    /** Writes {@code study.json} and {@code study.csv} into {@code dir}. */
    public static void write(StudyResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("study.json"), JSON.writeValueAsString(json(r)) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("study.csv"), csv(r), StandardCharsets.UTF_8);
    }

    /** Puts {@code v} rounded to 6 significant digits, or null when it is not finite. */
    public static void number(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, round(v));
        } else {
            o.putNull(field);
        }
    }

    private static void number(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(round(v));
        } else {
            a.addNull();
        }
    }

    private static BigDecimal round(double v) {
        return new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
    }

    static String plain(double v) {
        return Double.isFinite(v) ? round(v).toPlainString() : "";
    }

    /** For tests and callers that want the JSON as text. */
    static String text(StudyResult r) throws IOException {
        return JSON.writeValueAsString(json(r));
    }

}
