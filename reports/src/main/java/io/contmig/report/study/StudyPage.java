package io.contmig.report.study;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code study.html}: a self-contained page (inline CSS and SVG, no script, fetches nothing) rendered from a
 * {@code study.json} tree alone, so any stored study re-renders. In order: the study's conditions (trials, method,
 * SLOs), the recommendation with its reasons (per injection when several vary), the duration-vs-degradation scatter
 * with the Pareto front ({@link StudyCharts#scatter}), the cells with links to every trial's report, a forest plot per
 * headline metric (each trial a dot, the median a bar, the 95 % interval a line), the comparisons between cells, and
 * the remaining metrics folded. Stateless and thread-safe.
 */
public final class StudyPage {

    /** Metric name fragments shown first (open), in this order; the rest are folded under "all metrics". */
    static final List<String> HEADLINE = List.of(".durationMs", "writeBlock", ".p99Ratio@migrated", ".p99Ratio@colocated",
            ".p99Ms.during@migrated", ".p99Ms.during@colocated", ".downtimeMs.", "freshness", ".lost", ".duplicated");

    private StudyPage() {
    }

    /** Writes the page of {@code study} (a parsed study.json) to {@code out}. */
    public static void render(JsonNode study, Writer out) throws IOException {
        StringBuilder s = new StringBuilder(64 * 1024);
        String name = study.path("name").asText();
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>contmig study ")
                .append(esc(name)).append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
        s.append("<h1>Study ").append(esc(name)).append("</h1>\n<p class=\"conditions\">study <code>")
                .append(esc(study.path("studyId").asText())).append("</code> · ").append(study.path("trials").asInt())
                .append(" trials per cell · ").append(study.path("cells").size()).append(" cells · ")
                .append(Math.round(study.path("confidence").asDouble(0.95) * 100)).append(" % intervals</p>\n");
        s.append("<p class=\"method\"><b>Method.</b> ").append(esc(study.path("method").asText())).append("</p>\n");
        if (study.hasNonNull("isolation")) {
            s.append("<p class=\"method\"><b>Isolation.</b> ").append(esc(study.path("isolation").asText())).append("</p>\n");
        }
        if (study.path("slo").size() > 0) {
            s.append("<p><b>SLO</b> (every trial of an eligible cell meets every one):</p><ul>");
            study.path("slo").forEach(x -> s.append("<li><code>").append(esc(x.asText())).append("</code></li>"));
            s.append("</ul>\n");
        } else {
            s.append("<p><b>SLO</b>: none — every cell whose trials all ran is eligible.</p>\n");
        }
        recommendation(s, study.path("recommendation"), true);
        cells(s, study);
        List<String> metrics = metrics(study);
        List<String> headline = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String m : metrics) {
            (HEADLINE.stream().anyMatch(m::contains) ? headline : rest).add(m);
        }
        s.append("<h2 id=\"metrics\">Metrics per cell</h2>\n<p class=\"legend\">Each row is a cell: dots are its trials,"
                + " the bar its median, the line the 95 % interval of the median; the text gives median [interval]"
                + " and n.</p>\n");
        for (String m : headline) {
            StudyCharts.forest(s, m, study.path("cells"));
        }
        comparisons(s, study.path("comparisons"), headline);
        if (!rest.isEmpty()) {
            s.append("<details><summary>All other metrics (").append(rest.size()).append(")</summary>\n");
            for (String m : rest) {
                StudyCharts.forest(s, m, study.path("cells"));
            }
            comparisons(s, study.path("comparisons"), rest);
            s.append("</details>\n");
        }
        s.append("</body></html>\n");
        out.write(s.toString());
    }

    private static void recommendation(StringBuilder s, JsonNode rec, boolean top) {
        if (top) {
            s.append("<h2 id=\"recommendation\">Recommendation</h2>\n");
        } else {
            s.append("<h3>For ").append(esc(rec.path("injection").asText())).append("</h3>\n");
        }
        JsonNode cell = rec.path("cell");
        s.append("<div class=\"rec ").append(cell.isTextual() ? "some" : "none").append("\"><p class=\"pick\">")
                .append(cell.isTextual() ? "Recommended: <b>" + esc(cell.asText()) + "</b>" : "No recommendation")
                .append("</p><p>").append(esc(rec.path("why").asText())).append("</p>");
        if (rec.path("pareto").size() > 0) {
            List<String> front = new ArrayList<>();
            rec.path("pareto").forEach(x -> front.add(esc(x.asText())));
            s.append("<p>Pareto front: ").append(String.join(", ", front)).append("</p>");
        }
        s.append("</div>\n");
        StudyCharts.scatter(s, rec.path("points"));
        for (JsonNode per : rec.path("perInjection")) {
            recommendation(s, per, false);
        }
    }

    private static void cells(StringBuilder s, JsonNode study) {
        s.append("<h2 id=\"cells\">Cells and trials</h2>\n<table><tr><th>cell</th><th>overrides</th><th>trials"
                + " (verdict, wall time; links to each run's report)</th><th>meets the SLO</th></tr>\n");
        for (JsonNode c : study.path("cells")) {
            s.append("<tr><td><b>").append(esc(c.path("name").asText())).append("</b></td><td>");
            for (Iterator<Map.Entry<String, JsonNode>> it = c.path("set").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                s.append("<code>").append(esc(e.getKey())).append(" = ").append(esc(e.getValue().asText()))
                        .append("</code><br>");
            }
            s.append("</td><td>");
            for (int i = 0; i < c.path("runs").size(); i++) {
                String run = c.path("runs").get(i).asText();
                String verdict = c.path("verdicts").path(i).asText("UNKNOWN");
                s.append("<a class=\"v-").append(esc(verdict)).append("\" href=\"runs/").append(esc(run))
                        .append("/report/index.html\">").append(esc(run)).append("</a> ").append(esc(verdict));
                JsonNode wall = c.path("wallSeconds").path(i);
                if (wall.isNumber()) {
                    s.append(String.format(Locale.ROOT, " (%.0f s)", wall.asDouble()));
                }
                for (JsonNode o : c.path("sloOutcomes").path(i)) {
                    if (!o.path("verdict").asText().equals("PASS")) {
                        s.append("<br><span class=\"miss\">SLO ").append(esc(o.path("slo").asText())).append(": ")
                                .append(esc(o.path("verdict").asText())).append(' ')
                                .append(esc(o.path("detail").asText())).append("</span>");
                    }
                }
                s.append("<br>");
            }
            s.append("</td><td>").append(c.path("meetsSlo").asBoolean() ? "yes" : "<span class=\"miss\">no</span>")
                    .append("</td></tr>\n");
        }
        s.append("</table>\n");
    }

    private static void comparisons(StringBuilder s, JsonNode comparisons, List<String> metrics) {
        Set<String> wanted = new LinkedHashSet<>(metrics);
        StringBuilder rows = new StringBuilder();
        for (JsonNode c : comparisons) {
            if (!wanted.contains(c.path("metric").asText()) || !c.path("ratio").isNumber()) {
                continue;
            }
            boolean sig = c.path("significant").asBoolean();
            rows.append("<tr").append(sig ? " class=\"sig\"" : "").append("><td>").append(esc(c.path("metric").asText()))
                    .append("</td><td>").append(esc(c.path("cell").asText())).append(" ÷ ")
                    .append(esc(c.path("baseline").asText())).append("</td><td>")
                    .append(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", c.path("ratio").asDouble(),
                            c.path("ciLow").asDouble(), c.path("ciHigh").asDouble()))
                    .append("</td><td>").append(sig ? "yes" : "no").append("</td></tr>\n");
        }
        if (rows.length() > 0) {
            s.append("<h3>Ratios of medians between cells</h3>\n<table><tr><th>metric</th><th>cells</th>"
                    + "<th>ratio [95 % interval]</th><th>excludes 1</th></tr>\n").append(rows).append("</table>\n");
        }
    }

    /** Every metric any cell has, headline order first, then by name. */
    private static List<String> metrics(JsonNode study) {
        Set<String> all = new java.util.TreeSet<>();
        for (JsonNode c : study.path("cells")) {
            c.path("metrics").fieldNames().forEachRemaining(all::add);
        }
        List<String> ordered = new ArrayList<>();
        for (String h : HEADLINE) {
            for (String m : all) {
                if (m.contains(h) && !ordered.contains(m)) {
                    ordered.add(m);
                }
            }
        }
        for (String m : all) {
            if (!ordered.contains(m)) {
                ordered.add(m);
            }
        }
        return ordered;
    }

    static String esc(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String CSS = "body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;"
            + "color:#222}h1{margin-bottom:4px}code{font-size:12px}table{border-collapse:collapse;margin:8px 0 16px}"
            + "td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f4f4f4}"
            + ".conditions,.method,.legend{color:#555}.rec{border-left:6px solid #2a9d8f;background:#eef8f6;"
            + "padding:6px 14px;margin:8px 0}.rec.none{border-color:#e76f51;background:#fdf0ec}.pick{font-size:17px}"
            + ".miss{color:#b3261e}.v-FAIL{color:#b3261e}.v-UNKNOWN{color:#9a6700}tr.sig td{background:#fff7e0}"
            + "svg{display:block;margin:4px 0 12px}svg text{font:11px system-ui,sans-serif;fill:#333}"
            + "details{margin-top:16px}summary{cursor:pointer;font-weight:600}";
}
