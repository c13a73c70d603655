package io.contmig.report;

import io.contmig.gate.GateResult;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report/index.html}: one self-contained page (inline CSS, SVG and script, no network fetch). The story
 * first ({@link HtmlStory}: one row per injection with what it cost), then conditions and warnings grouped by kind,
 * gates, a before/during/after summary per injection, zoomed panels around each injection ({@link HtmlZoomPanels},
 * uPlot inlined) and per operation a latency-over-time chart (p50, p99, max per second; error rate below) with
 * each injection's phases shaded, their labels in rows that never overlap ({@link LabelRows}).
 *
 * <p>Stable hooks for browser tests: every chart is {@code <svg class="chart" data-operation="op">}; shaded
 * phases are {@code <rect class="phase" data-injection=".." data-phase="..">} with a
 * {@code <text class="phase-label">}; injections are {@code <rect class="injection" data-injection="..">};
 * series are {@code <path class="series p50|p99|max|error-rate" data-series="..">}.
 */
final class HtmlReport implements ReportRenderer {


    @Override
    public void render(RunReport r, Writer out) throws IOException {
        StringBuilder s = new StringBuilder(64 * 1024);
        s.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline';"
                + " style-src 'unsafe-inline'; img-src data:\">\n<title>contmig report ")
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
        // The story first: what each injection cost; then why to trust it (conditions, warnings), then details.
        HtmlStory.story(s, r);
        conditions(s, r);
        gates(s, r);
        injections(s, r);
        HtmlZoomPanels.panels(s, r);
        HtmlCharts.charts(s, r);
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
        HtmlStory.warnings(s, r.warnings());
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
        s.append("</table></div>\n<p class=\"note\">Ratios are p99 over p99 before. Downtime: the longest span between the"
                + " intended starts of consecutive successes over the injection plus settle, minus the operation's mean"
                + " inter-arrival (ms; 1 s resolution for records without success gaps).</p>\n");
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
            "details.warning-group summary{cursor:pointer;font-weight:600;color:#a66300}",
            "table#story th,table#story td{text-align:left;vertical-align:top}",
            "table#story span.what{font-weight:normal;font-size:11px;color:#555}",
            "figure.zoom-figure{margin:1em 0}",
            "div.zoom-panel{position:relative}",
            ".zoom-phase-label{position:absolute;white-space:nowrap;font-size:11px;line-height:13px;padding:0 3px;"
                    + "background:rgba(255,255,255,.85);border-left:3px solid #999;pointer-events:none}",
            "td.worse{color:#b00020;font-weight:bold}",
            "svg.chart{background:#fff;font-size:10px}",
            "rect.injection{fill:#000;fill-opacity:.06}",
            "rect.injection.fault{fill:#d62728;fill-opacity:.16;stroke:#d62728;stroke-dasharray:4 2}",
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
