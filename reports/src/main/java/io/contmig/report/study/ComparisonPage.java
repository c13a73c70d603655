package io.contmig.report.study;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

import static io.contmig.report.study.StudyPage.esc;

/**
 * {@code comparison.html}: a self-contained page (no script, fetches nothing) rendered from a
 * {@code comparison.json} tree: the verdict, the method and how sure it can be, the regressions, the gates that read
 * the baseline (when the candidate has any), then every metric
 * compared (ratio candidate ÷ baseline with its 95 % interval, drawn as a bar against 1 and 1 + threshold).
 * Stateless and thread-safe.
 */
public final class ComparisonPage {

    private ComparisonPage() {
    }

    /** Writes the page of {@code comparison} (a parsed comparison.json) to {@code out}. */
    public static void render(JsonNode comparison, Writer out) throws IOException {
        StringBuilder s = new StringBuilder(32 * 1024);
        String verdict = comparison.path("verdict").asText();
        double threshold = comparison.path("threshold").asDouble();
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>contmig comparison ")
                .append(esc(verdict)).append("</title><style>")
                .append("body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}")
                .append("th{background:#f4f4f4}.FAIL{color:#b3261e}.PASS{color:#1b7f3b}.UNKNOWN{color:#8a6d00}tr.reg td{background:#fdecea}")
                .append("</style></head><body>\n<h1>Comparison: <span class=\"").append(esc(verdict)).append("\">")
                .append(esc(verdict)).append("</span></h1>\n<p>candidate <code>")
                .append(esc(comparison.path("candidate").asText())).append("</code><br>baseline <code>")
                .append(esc(comparison.path("baseline").asText())).append("</code></p>\n<p><b>Method.</b> ")
                .append(esc(comparison.path("method").asText())).append(String.format(Locale.ROOT,
                        ". Threshold: %.0f %%; the bars put ratios on a log scale, 1 in the middle.", threshold * 100)).append("</p>\n<p><b>How sure.</b> ")
                .append(esc(comparison.path("howSure").asText())).append("</p>\n");
        s.append("<h2>Regressions (").append(comparison.path("regressions").size()).append(")</h2>\n");
        table(s, comparison.path("regressions"), threshold);
        if (comparison.has("gates")) {
            s.append("<h2>Gates that read the baseline (").append(comparison.path("gates").size())
                    .append(")</h2>\n<table><tr><th>gate</th><th>verdict</th><th>detail</th></tr>\n");
            for (JsonNode g : comparison.path("gates")) {
                String v = g.path("verdict").asText();
                s.append("<tr><td><code>").append(esc(g.path("expression").asText())).append("</code>")
                        .append(g.has("injection") ? " (" + esc(g.path("injection").asText()) + ")" : "")
                        .append("</td><td class=\"").append(esc(v)).append("\">").append(esc(v)).append("</td><td>")
                        .append(esc(g.path("detail").asText())).append("</td></tr>\n");
            }
            s.append("</table>\n");
        }
        s.append("<h2>Every metric (").append(comparison.path("metrics").size()).append(")</h2>\n");
        table(s, comparison.path("metrics"), threshold);
        s.append("</body></html>\n");
        out.write(s.toString());
    }

    private static void table(StringBuilder s, JsonNode rows, double threshold) {
        if (rows.isEmpty()) {
            s.append("<p>none</p>\n");
            return;
        }
        s.append("<table><tr><th>metric</th><th>baseline</th><th>candidate</th><th>ratio [95 % interval]</th>"
                + "<th></th><th>note</th></tr>\n");
        for (JsonNode r : rows) {
            s.append("<tr").append(r.path("regression").asBoolean() ? " class=\"reg\"" : "").append("><td>")
                    .append(esc(r.path("metric").asText())).append("</td><td>").append(num(r.path("baseline")))
                    .append("</td><td>").append(num(r.path("candidate"))).append("</td><td>")
                    .append(num(r.path("ratio"))).append(" [").append(num(r.path("ciLow"))).append(", ")
                    .append(num(r.path("ciHigh"))).append("]</td><td>").append(bar(r, threshold)).append("</td><td>")
                    .append(esc(r.path("note").asText())).append("</td></tr>\n");
        }
        s.append("</table>\n");
    }

    /** A 200 px bar, ratios on a log scale from 1/16 to 16 (1 in the middle): the interval, the ratio, 1 + threshold. */
    private static String bar(JsonNode r, double threshold) {
        if (!r.path("ratio").isNumber()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<svg width=\"200\" height=\"14\">");
        b.append(String.format(Locale.ROOT, "<line x1=\"100\" y1=\"0\" x2=\"100\" y2=\"14\" stroke=\"#999\"/>"
                + "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"14\" stroke=\"#e76f51\" stroke-dasharray=\"2 2\"/>",
                x(1 + threshold), x(1 + threshold)));
        if (r.path("ciLow").isNumber() && r.path("ciHigh").isNumber()) {
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"7\" x2=\"%.1f\" y2=\"7\" stroke=\"#264653\""
                    + " stroke-width=\"3\"/>", x(r.path("ciLow").asDouble()), x(r.path("ciHigh").asDouble())));
        }
        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"7\" r=\"4\" fill=\"%s\"/>",
                x(r.path("ratio").asDouble()), r.path("regression").asBoolean() ? "#b3261e" : "#2a9d8f"));
        return b.append("</svg>").toString();
    }

    private static double x(double ratio) {
        double log = ratio > 0 ? Math.log(ratio) / Math.log(2) : -4;
        return Math.max(4, Math.min(196, 100 + 24 * log));
    }

    private static String num(JsonNode v) {
        return v.isNumber() ? String.format(Locale.ROOT, "%.3f", v.asDouble()) : "–";
    }
}
