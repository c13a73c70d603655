package io.contmig.report;

import io.contmig.gate.GateResult;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report/index.html}: one self-contained page (inline CSS and SVG, no script, no network fetch).
 * Conditions and warnings first, then gates, a before/during/after summary per injection, and per operation a
 * latency-over-time chart (p50, p99, max per second; error rate below) with each injection's phases shaded.
 *
 * <p>Stable hooks for browser tests: every chart is {@code <svg class="chart" data-operation="op">}; shaded
 * phases are {@code <rect class="phase" data-injection=".." data-phase="..">} with a
 * {@code <text class="phase-label">}; injections are {@code <rect class="injection" data-injection="..">};
 * series are {@code <path class="series p50|p99|max|error-rate" data-series="..">}.
 */
final class HtmlReport implements ReportRenderer {

    private static final int WIDTH = 960;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int LATENCY_HEIGHT = 200;
    private static final int GAP = 24;
    private static final int ERROR_HEIGHT = 60;
    private static final int HEIGHT = TOP + LATENCY_HEIGHT + GAP + ERROR_HEIGHT + 32;
    private static final String[] PHASE_COLORS = {"#f4a261", "#2a9d8f", "#e9c46a", "#e76f51", "#8ab17d", "#9b5de5"};

    @Override
    public void render(RunReport r, Writer out) throws IOException {
        StringBuilder s = new StringBuilder(64 * 1024);
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>contmig report ")
                .append(esc(r.runId())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        s.append("<h1>contmig report <code>").append(esc(r.runId())).append("</code></h1>\n");
        s.append("<p id=\"verdict\" class=\"verdict ").append(r.verdict()).append("\">Verdict: <strong>")
                .append(r.verdict()).append("</strong></p>\n");
        for (InjectionReport inj : r.injections()) {
            if (!inj.healFailure().isEmpty()) {
                s.append("<p class=\"shout\" id=\"heal-failed-").append(slug(inj.name())).append("\">HEAL FAILED for ")
                        .append(esc(inj.name())).append(": ").append(esc(inj.healFailure()))
                        .append(" — the system may be left broken; the verdict is at best UNKNOWN.</p>\n");
            }
        }
        conditions(s, r);
        gates(s, r);
        injections(s, r);
        charts(s, r);
        s.append("</body>\n</html>\n");
        out.write(s.toString());
    }

    // ---- conditions

    private static void conditions(StringBuilder s, RunReport r) {
        s.append("<section id=\"conditions\">\n<h2>Conditions</h2>\n<table class=\"conditions\">\n");
        kv(s, "target", r.target().isEmpty() ? "(unknown)" : r.target());
        kv(s, "windows", "baseline " + Numbers.plain(r.policy().baselineMs() / 1000) + " s, settle "
                + Numbers.plain(r.policy().settleMs() / 1000) + " s, after " + Numbers.plain(r.policy().afterMs() / 1000) + " s");
        kv(s, "run end", Numbers.plain(r.runEndMs() / 1000) + " s");
        for (Map.Entry<String, String> e : r.conditions().entrySet()) {
            kv(s, e.getKey(), e.getValue());
        }
        s.append("</table>\n");
        s.append("<h3>Warnings</h3>\n");
        list(s, "warnings", "warning", r.warnings(), "none");
        s.append("<h3>Why the verdict is ").append(r.verdict()).append("</h3>\n");
        list(s, "reasons", "reason", r.reasons(), "every gate passed; every injection finished and healed; every verification passed");
        s.append("<h3>What was checked</h3>\n");
        list(s, "checked", "checked", r.checked(), "no verification passed");
        s.append("</section>\n");
    }

    private static void kv(StringBuilder s, String key, String value) {
        s.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static void list(StringBuilder s, String id, String cls, List<String> items, String empty) {
        s.append("<ul id=\"").append(id).append("\">\n");
        if (items.isEmpty()) {
            s.append("<li class=\"none\">").append(esc(empty)).append("</li>\n");
        }
        for (String w : items) {
            s.append("<li class=\"").append(cls).append("\">").append(esc(w)).append("</li>\n");
        }
        s.append("</ul>\n");
    }

    // ---- gates

    private static void gates(StringBuilder s, RunReport r) {
        s.append("<section id=\"gates\">\n<h2>Gates</h2>\n");
        if (r.gates().isEmpty()) {
            s.append("<p>The plan has no gates.</p>\n</section>\n");
            return;
        }
        s.append("<table class=\"gates\">\n<tr><th>gate</th><th>scope</th><th>verdict</th><th>value</th><th>detail</th></tr>\n");
        for (GateReport g : r.gates()) {
            s.append("<tr class=\"gate ").append(g.verdict()).append("\"><td><code>").append(esc(g.expression()))
                    .append("</code></td><td>").append(esc(g.injection().isEmpty() ? "all injections" : g.injection()))
                    .append("</td><td class=\"").append(g.verdict()).append("\">").append(g.verdict()).append("</td><td>")
                    .append(Numbers.plain(g.value())).append("</td><td>").append(esc(g.detail()));
            if (g.results().size() > 1) {
                s.append("<ul>");
                for (Map.Entry<String, GateResult> e : g.results().entrySet()) {
                    s.append("<li>").append(esc(e.getKey())).append(": ").append(e.getValue().verdict()).append(" ")
                            .append(esc(e.getValue().detail())).append("</li>");
                }
                s.append("</ul>");
            }
            s.append("</td></tr>\n");
        }
        s.append("</table>\n</section>\n");
    }

    // ---- injections

    private static void injections(StringBuilder s, RunReport r) {
        s.append("<section id=\"injections\">\n<h2>Injections</h2>\n");
        if (r.injections().isEmpty()) {
            s.append("<p>No injection in the timeline.</p>\n");
        }
        for (InjectionReport inj : r.injections()) {
            s.append("<div class=\"injection\" id=\"injection-").append(slug(inj.name())).append("\" data-injection=\"")
                    .append(esc(inj.name())).append("\">\n<h3>").append(esc(inj.name())).append(" <span class=\"")
                    .append(inj.verdict()).append("\">").append(inj.verdict()).append("</span></h3>\n<p>");
            StringBuilder what = new StringBuilder();
            inj.attributes().forEach((k, v) -> what.append(k).append(' ').append(v).append(", "));
            what.append("from ").append(Numbers.plain(inj.startMs() / 1000)).append(" s to ")
                    .append(Numbers.plain(inj.endMs() / 1000)).append(" s, ").append(inj.outcome());
            if (!inj.reason().isEmpty()) {
                what.append(" (").append(inj.reason()).append(')');
            }
            what.append(inj.healed() ? ", healed" : inj.healFailure().isEmpty() ? ", NOT healed (no heal-finished mark)"
                    : ", HEAL FAILED: " + inj.healFailure());
            s.append(esc(what.toString())).append("</p>\n");
            summary(s, inj);
            phases(s, inj);
            tenants(s, inj);
            verification(s, inj);
            s.append("</div>\n");
        }
        s.append("</section>\n");
    }

    private static void summary(StringBuilder s, InjectionReport inj) {
        s.append("<div class=\"scroll\"><table class=\"summary\">\n<tr><th rowspan=\"2\">operation</th>");
        for (String h : List.of("count", "errors", "throughput /s", "p50 ms", "p99 ms", "max ms")) {
            s.append("<th colspan=\"3\">").append(h).append("</th>");
        }
        s.append("<th colspan=\"2\">p99 ratio</th><th rowspan=\"2\">downtime ms</th></tr>\n<tr>");
        for (int i = 0; i < 6; i++) {
            s.append("<th>before</th><th>during</th><th>after</th>");
        }
        s.append("<th>during/before</th><th>after/before</th></tr>\n");
        java.util.TreeSet<String> ops = new java.util.TreeSet<>();
        ops.addAll(inj.before().operations().keySet());
        ops.addAll(inj.during().operations().keySet());
        ops.addAll(inj.after().operations().keySet());
        for (String op : ops) {
            Stats b = inj.before().operations().get(op);
            Stats d = inj.during().operations().get(op);
            Stats a = inj.after().operations().get(op);
            s.append("<tr data-operation=\"").append(esc(op)).append("\"><th>").append(esc(op)).append("</th>");
            triple(s, b, d, a, x -> (double) x.count(), 0);
            triple(s, b, d, a, x -> (double) x.errors(), 0);
            triple(s, b, d, a, Stats::throughputPerSec, 1);
            triple(s, b, d, a, Stats::p50Ms, 2);
            triple(s, b, d, a, Stats::p99Ms, 2);
            triple(s, b, d, a, Stats::maxMs, 2);
            s.append(ratio(b, d)).append(ratio(b, a));
            Double down = inj.downtimeMs().get(op);
            s.append("<td>").append(down == null ? "" : Numbers.plain(down)).append("</td></tr>\n");
        }
        s.append("</table></div>\n<p class=\"note\">Ratios are p99 over p99 before. Downtime: the longest run of 1 s"
                + " intervals without a success over the injection plus settle (1 s resolution: a shorter outage inside a"
                + " second with other successes shows as 0).</p>\n");
    }

    private static void triple(StringBuilder s, Stats b, Stats d, Stats a, java.util.function.ToDoubleFunction<Stats> f,
                               int digits) {
        for (Stats x : new Stats[] {b, d, a}) {
            s.append("<td>").append(x == null ? "" : Numbers.plain(f.applyAsDouble(x), digits)).append("</td>");
        }
    }

    private static String ratio(Stats base, Stats other) {
        if (base == null || other == null || !(base.p99Ms() > 0) || Double.isNaN(other.p99Ms())) {
            return "<td></td>";
        }
        double ratio = other.p99Ms() / base.p99Ms();
        return "<td class=\"" + (ratio > 2 ? "worse" : "ratio") + "\">×" + Numbers.plain(ratio, 2) + "</td>";
    }

    private static void phases(StringBuilder s, InjectionReport inj) {
        if (inj.phases().isEmpty()) {
            return;
        }
        s.append("<table class=\"phases\">\n<tr><th>phase</th><th>start s</th><th>end s</th><th>operation</th>"
                + "<th>count</th><th>errors</th><th>p50 ms</th><th>p99 ms</th><th>max ms</th></tr>\n");
        for (WindowResult p : inj.phases()) {
            int rows = Math.max(1, p.operations().size());
            s.append("<tr data-phase=\"").append(esc(p.name())).append("\"><th rowspan=\"").append(rows).append("\">")
                    .append(esc(p.name())).append("</th><td rowspan=\"").append(rows).append("\">")
                    .append(Numbers.plain(p.startMs() / 1000)).append("</td><td rowspan=\"").append(rows).append("\">")
                    .append(Numbers.plain(p.endMs() / 1000)).append("</td>");
            if (p.operations().isEmpty()) {
                s.append("<td colspan=\"6\">no samples</td></tr>\n");
                continue;
            }
            boolean first = true;
            for (Map.Entry<String, Stats> e : p.operations().entrySet()) {
                if (!first) {
                    s.append("<tr>");
                }
                first = false;
                Stats st = e.getValue();
                s.append("<td>").append(esc(e.getKey())).append("</td><td>").append(st.count()).append("</td><td>")
                        .append(st.errors()).append("</td><td>").append(Numbers.plain(st.p50Ms(), 2)).append("</td><td>")
                        .append(Numbers.plain(st.p99Ms(), 2)).append("</td><td>").append(Numbers.plain(st.maxMs(), 2))
                        .append("</td></tr>\n");
            }
        }
        s.append("</table>\n");
    }

    private static void tenants(StringBuilder s, InjectionReport inj) {
        if (inj.migrated().isEmpty() && inj.colocated().isEmpty()) {
            return;
        }
        s.append("<table class=\"tenants\">\n<tr><th>operation</th><th>tenants</th><th>p99 before</th><th>p99 during</th>"
                + "<th>p99 after</th><th>during/before</th><th>errors during</th></tr>\n");
        java.util.TreeSet<String> ops = new java.util.TreeSet<>(inj.migrated().keySet());
        ops.addAll(inj.colocated().keySet());
        for (String op : ops) {
            for (String group : List.of("migrated", "colocated")) {
                Map<String, Stats> w = (group.equals("migrated") ? inj.migrated() : inj.colocated()).get(op);
                if (w == null) {
                    continue;
                }
                String label = group.equals("migrated") ? "migrated (" + inj.tenant() + ")" : "colocated";
                s.append("<tr class=\"").append(group).append("\"><td>").append(esc(op)).append("</td><td>")
                        .append(esc(label)).append("</td>");
                for (String name : List.of("before", "during", "after")) {
                    Stats st = w.get(name);
                    s.append("<td>").append(st == null ? "" : Numbers.plain(st.p99Ms(), 2)).append("</td>");
                }
                s.append(ratio(w.get("before"), w.get("during")));
                Stats d = w.get("during");
                s.append("<td>").append(d == null ? "" : Long.toString(d.errors())).append("</td></tr>\n");
            }
        }
        s.append("</table>\n");
    }

    private static void verification(StringBuilder s, InjectionReport inj) {
        Verification v = inj.verification();
        s.append("<p class=\"verification ").append(v.verdict()).append("\">Verification: ");
        if (!v.present()) {
            s.append("UNKNOWN (no verification/").append(esc(inj.name())).append(".json)</p>\n");
            return;
        }
        s.append(v.verdict()).append(" — checked ").append(v.checked()).append(", lost ").append(v.lost())
                .append(", duplicated ").append(v.duplicated());
        if (!v.cause().isEmpty()) {
            s.append(" — ").append(esc(v.cause()));
        }
        if (!v.mismatches().isEmpty()) {
            s.append(", ").append(v.mismatches().size()).append(" mismatches: ")
                    .append(esc(String.join("; ", v.mismatches().subList(0, Math.min(10, v.mismatches().size())))));
        }
        s.append("</p>\n");
        if (!v.checks().isEmpty()) {
            s.append("<ul class=\"checks\">");
            v.checks().forEach(c -> s.append("<li>").append(esc(c)).append("</li>"));
            s.append("</ul>\n");
        }
    }

    // ---- charts

    private static void charts(StringBuilder s, RunReport r) {
        s.append("<section id=\"charts\">\n<h2>Latency over time</h2>\n<p class=\"legend\">"
                + "<span class=\"key p50\"></span>p50 <span class=\"key p99\"></span>p99 <span class=\"key max\"></span>max"
                + " per second (ms, response time from the intended start); below: error rate (%). Shaded: injections"
                + " and their phases.</p>\n");
        for (Series series : r.series().values()) {
            chart(s, r, series);
        }
        s.append("</section>\n");
    }

    private static void chart(StringBuilder s, RunReport r, Series series) {
        int n = Math.max(1, series.seconds());
        double yMax = niceCeiling(maxOf(series.maxMs()));
        double plotWidth = WIDTH - LEFT - RIGHT;
        double xScale = plotWidth / n;
        int errTop = TOP + LATENCY_HEIGHT + GAP;
        String op = series.operation();
        s.append("<figure class=\"chart-figure\">\n<figcaption>").append(esc(op)).append("</figcaption>\n");
        s.append("<svg class=\"chart\" id=\"chart-").append(slug(op))
                .append("\" data-operation=\"").append(esc(op)).append("\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n");
        // Shading first, so lines draw on top.
        s.append("<g class=\"shading\">\n");
        for (InjectionReport inj : r.injections()) {
            double x0 = LEFT + inj.startMs() / 1000.0 * xScale;
            double w = Math.max(1, (inj.endMs() - inj.startMs()) / 1000.0 * xScale);
            s.append("<rect class=\"injection\" data-injection=\"").append(esc(inj.name())).append("\" x=\"").append(f(x0))
                    .append("\" y=\"").append(TOP - 14).append("\" width=\"").append(f(w)).append("\" height=\"")
                    .append(errTop + ERROR_HEIGHT - TOP + 14).append("\"><title>").append(esc(inj.name())).append("</title></rect>\n");
            s.append("<text class=\"injection-label\" x=\"").append(f(x0 + 2)).append("\" y=\"").append(TOP - 4).append("\">")
                    .append(esc(inj.name())).append("</text>\n");
            int k = 0;
            for (WindowResult p : inj.phases()) {
                double px = LEFT + p.startMs() / 1000.0 * xScale;
                double pw = Math.max(1, (p.endMs() - p.startMs()) / 1000.0 * xScale);
                s.append("<rect class=\"phase\" data-injection=\"").append(esc(inj.name())).append("\" data-phase=\"")
                        .append(esc(p.name())).append("\" x=\"").append(f(px)).append("\" y=\"").append(TOP)
                        .append("\" width=\"").append(f(pw)).append("\" height=\"").append(LATENCY_HEIGHT)
                        .append("\" fill=\"").append(PHASE_COLORS[k % PHASE_COLORS.length]).append("\"><title>")
                        .append(esc(inj.name() + ": " + p.name())).append("</title></rect>\n");
                s.append("<text class=\"phase-label\" data-phase=\"").append(esc(p.name())).append("\" x=\"")
                        .append(f(px + 2)).append("\" y=\"").append(TOP + 12 + 11 * (k % 3)).append("\">")
                        .append(esc(p.name())).append("</text>\n");
                k++;
            }
        }
        s.append("</g>\n");
        axes(s, n, yMax, xScale, errTop);
        path(s, "p50", series.p50Ms(), xScale, yMax, TOP, LATENCY_HEIGHT);
        path(s, "p99", series.p99Ms(), xScale, yMax, TOP, LATENCY_HEIGHT);
        path(s, "max", series.maxMs(), xScale, yMax, TOP, LATENCY_HEIGHT);
        double[] errorRate = new double[series.seconds()];
        for (int i = 0; i < errorRate.length; i++) {
            long total = series.count()[i] + series.errors()[i];
            errorRate[i] = total == 0 ? Double.NaN : 100.0 * series.errors()[i] / total;
        }
        path(s, "error-rate", errorRate, xScale, 100, errTop, ERROR_HEIGHT);
        s.append("</svg>\n</figure>\n");
    }

    private static void axes(StringBuilder s, int seconds, double yMax, double xScale, int errTop) {
        int bottom = TOP + LATENCY_HEIGHT;
        s.append("<g class=\"axes\">\n");
        s.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(LATENCY_HEIGHT).append("\"/>\n");
        s.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(errTop).append("\" width=\"")
                .append(WIDTH - LEFT - RIGHT).append("\" height=\"").append(ERROR_HEIGHT).append("\"/>\n");
        for (int i = 0; i <= 4; i++) {
            double v = yMax * i / 4;
            double y = bottom - LATENCY_HEIGHT * i / 4.0;
            s.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
                    .append(f(y)).append("\" y2=\"").append(f(y)).append("\"/><text class=\"tick y\" x=\"").append(LEFT - 4)
                    .append("\" y=\"").append(f(y + 4)).append("\">").append(Numbers.plain(v, 2)).append("</text>\n");
        }
        s.append("<text class=\"tick y\" x=\"").append(LEFT - 4).append("\" y=\"").append(errTop + 8).append("\">100%</text>\n");
        s.append("<text class=\"tick y\" x=\"").append(LEFT - 4).append("\" y=\"").append(errTop + ERROR_HEIGHT).append("\">0%</text>\n");
        double step = niceCeiling(seconds / 10.0);
        for (double t = 0; t <= seconds; t += step) {
            double x = LEFT + t * xScale;
            s.append("<text class=\"tick x\" x=\"").append(f(x)).append("\" y=\"").append(errTop + ERROR_HEIGHT + 16)
                    .append("\">").append(Numbers.plain(t, 0)).append(" s</text>\n");
        }
        s.append("</g>\n");
    }

    /** One path per series; a second without data breaks the line. */
    private static void path(StringBuilder s, String name, double[] values, double xScale, double yMax, int top, int height) {
        s.append("<path class=\"series ").append(name).append("\" data-series=\"").append(name).append("\" d=\"");
        boolean pen = false;
        boolean any = false;
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (Double.isNaN(v)) {
                pen = false;
                continue;
            }
            double x = LEFT + (i + 0.5) * xScale;
            double y = top + height - Math.min(v, yMax) / yMax * height;
            s.append(pen ? " L" : (any ? " M" : "M")).append(f(x)).append(' ').append(f(y));
            if (!pen) {
                // A lone point still shows: draw a tiny horizontal segment.
                s.append(" h0.5");
            }
            pen = true;
            any = true;
        }
        s.append("\"/>\n");
    }

    private static double maxOf(double[] values) {
        double m = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                m = Math.max(m, v);
            }
        }
        return m;
    }

    /** The smallest 1, 2 or 5 times a power of ten that is at least {@code v} (1 for v &lt;= 0). */
    static double niceCeiling(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v * 0.999999) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String slug(String text) {
        return text.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    static String esc(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': s.append("&amp;"); break;
                case '<': s.append("&lt;"); break;
                case '>': s.append("&gt;"); break;
                case '"': s.append("&quot;"); break;
                case '\'': s.append("&#39;"); break;
                default: s.append(c);
            }
        }
        return s.toString();
    }

    private static final String CSS = String.join("\n",
            "body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}",
            "table{border-collapse:collapse;margin:.5em 0 1em}",
            "th,td{border:1px solid #ccc;padding:2px 6px;text-align:right;font-size:13px}",
            "th{background:#f3f3f3}",
            "div.scroll{overflow-x:auto}",
            "p.note{font-size:12px;color:#555}",
            "table.conditions th,table.conditions td,table.gates td{text-align:left}",
            ".PASS{color:#1b7f3b}.FAIL{color:#b00020}.UNKNOWN{color:#a66300}",
            "p.verdict{font-size:1.3em}",
            "p.shout{background:#b00020;color:#fff;padding:.5em;font-weight:bold}",
            "li.warning{color:#a66300}",
            "td.worse{color:#b00020;font-weight:bold}",
            "svg.chart{background:#fff;font-size:10px}",
            "rect.injection{fill:#000;fill-opacity:.06}",
            "rect.phase{fill-opacity:.28}",
            "rect.frame{fill:none;stroke:#999}",
            "line.grid{stroke:#eee}",
            "text.tick.y{text-anchor:end}text.tick.x{text-anchor:middle}",
            "text.phase-label,text.injection-label{fill:#333;font-size:10px}",
            "path.series{fill:none;stroke-width:1.2}",
            "path.p50{stroke:#1f77b4}path.p99{stroke:#d62728}path.max{stroke:#999;stroke-dasharray:2 2}",
            "path.error-rate{stroke:#b00020}",
            "span.key{display:inline-block;width:16px;height:3px;margin:0 4px 3px 10px}",
            "span.key.p50{background:#1f77b4}span.key.p99{background:#d62728}span.key.max{background:#999}",
            "");
}
