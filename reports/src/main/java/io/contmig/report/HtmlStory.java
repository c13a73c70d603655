package io.contmig.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.contmig.report.HtmlReport.esc;
import static io.contmig.report.HtmlReport.slug;

/**
 * The opening of {@code report/index.html}: one row per injection saying what it cost — duration, longest write
 * block, p99 during ÷ before of the migrated and of the co-located tenants, downtime, freshness, the hop that grew
 * most, lost/duplicated — and the warnings grouped by kind. Stateless and thread-safe.
 *
 * <p>Hooks: {@code <table id="story">} with one {@code <tr class="story-row" data-injection="..">} per injection
 * and cells {@code td[data-metric]}; {@code <details class="warning-group" data-group="..">} holding
 * {@code li.warning}.
 */
final class HtmlStory {

    /** The operations a row's ratio prefers, in order; else the first operation the migrated tenant has. */
    private static final List<String> HEADLINE_OPERATIONS = List.of("mqtt.e2e", "rest.updateDevice", "mqtt.publish");
    private static final String FRESHNESS = "mqtt.freshness";
    private static final String HOP_PREFIX = "hop.";

    private HtmlStory() {
    }

    /** The operation a row (and its zoom panel) leads with; {@code ""} when the injection has no tenant data. */
    static String headline(InjectionReport inj) {
        for (String op : HEADLINE_OPERATIONS) {
            if (inj.migrated().containsKey(op)) {
                return op;
            }
        }
        for (String op : inj.migrated().keySet()) {
            if (!op.startsWith(HOP_PREFIX) && !op.equals(FRESHNESS)) {
                return op;
            }
        }
        return inj.migrated().isEmpty() ? "" : inj.migrated().keySet().iterator().next();
    }

    static void story(StringBuilder s, RunReport r) {
        s.append("<section id=\"story-section\">\n<h2>What each injection cost</h2>\n");
        if (r.injections().isEmpty()) {
            s.append("<p>No injection in the timeline.</p>\n</section>\n");
            return;
        }
        s.append("<div class=\"scroll\"><table id=\"story\">\n<tr><th>injection</th><th>duration</th>"
                + "<th>longest write block</th><th>p99 during ÷ before<br>migrated</th>"
                + "<th>p99 during ÷ before<br>co-located</th><th>downtime</th><th>freshness p99<br>before → during</th>"
                + "<th>hop that grew</th><th>lost / duplicated</th><th>verdict</th></tr>\n");
        for (InjectionReport inj : r.injections()) {
            row(s, inj);
        }
        s.append("</table></div>\n<p class=\"note\">Ratios compare the p99 of the injection's during window with its"
                + " before window (").append(r.phasesExact() ? "samples by intended start" : "1 s intervals")
                .append("). Downtime: the operation with the longest span without a success. Details of each injection"
                + " and zoomed charts follow.</p>\n</section>\n");
    }

    private static void row(StringBuilder s, InjectionReport inj) {
        String op = headline(inj);
        s.append("<tr class=\"story-row\" data-injection=\"").append(esc(inj.name())).append("\"><th><a href=\"#injection-")
                .append(slug(inj.name())).append("\">").append(esc(inj.name())).append("</a><br><span class=\"what\">")
                .append(esc(String.join(" · ", inj.attributes().values()))).append("</span></th>");
        cell(s, "duration", duration(inj.endMs() - inj.startMs()));
        cell(s, "writeBlock", Double.isNaN(inj.writeBlockMs()) ? "—" : duration(inj.writeBlockMs()));
        cell(s, "p99Ratio@migrated", ratio(inj.migrated().get(op), op));
        cell(s, "p99Ratio@colocated", ratio(inj.colocated().get(op), op));
        cell(s, "downtime", downtime(inj));
        cell(s, "freshness", freshness(inj));
        cell(s, "hop", grownHop(inj));
        Verification v = inj.verification();
        cell(s, "lostDuplicated", v.present() && v.lost() >= 0 ? v.lost() + " / " + Math.max(0, v.duplicated()) : "—");
        s.append("<td class=\"").append(inj.verdict()).append("\" data-metric=\"verdict\">").append(inj.verdict())
                .append("</td></tr>\n");
    }

    private static void cell(StringBuilder s, String metric, String text) {
        s.append("<td data-metric=\"").append(metric).append("\">").append(esc(text)).append("</td>");
    }

    private static String duration(double ms) {
        return ms >= 10_000 ? Numbers.plain(ms / 1000.0, 1) + " s" : Numbers.plain(ms, 1) + " ms";
    }

    private static String ratio(Map<String, Stats> windows, String op) {
        if (windows == null) {
            return "—";
        }
        Stats before = windows.get("before");
        Stats during = windows.get("during");
        if (before == null || during == null || !(before.p99Ms() > 0) || Double.isNaN(during.p99Ms())) {
            return "—";
        }
        return "×" + Numbers.plain(during.p99Ms() / before.p99Ms(), 2) + " (" + op + " " + Numbers.plain(before.p99Ms(), 1)
                + " → " + Numbers.plain(during.p99Ms(), 1) + " ms)";
    }

    private static String downtime(InjectionReport inj) {
        String worst = null;
        double longest = -1;
        for (Map.Entry<String, Double> e : inj.downtimeMs().entrySet()) {
            // Freshness is sampled (a share of the events, chosen by hash): its gaps are between samples, not outages.
            if (!e.getKey().startsWith(HOP_PREFIX) && !e.getKey().equals(FRESHNESS) && e.getValue() > longest) {
                longest = e.getValue();
                worst = e.getKey();
            }
        }
        return worst == null ? "—" : longest == 0 ? "0 ms" : duration(longest) + " (" + worst + ")";
    }

    private static String freshness(InjectionReport inj) {
        Map<String, Stats> all = new LinkedHashMap<>();
        all.put("before", inj.before().operations().get(FRESHNESS));
        all.put("during", inj.during().operations().get(FRESHNESS));
        if (all.get("before") == null && all.get("during") == null) {
            return "—";
        }
        List<String> parts = new ArrayList<>();
        for (Stats st : all.values()) {
            parts.add(st == null || Double.isNaN(st.p99Ms()) ? "?" : Numbers.plain(st.p99Ms(), 1));
        }
        return String.join(" → ", parts) + " ms";
    }

    /** The {@code hop.*} operation whose p99 grew most from before to during, with its ratio ("none grew" below ×1.1). */
    private static String grownHop(InjectionReport inj) {
        String best = null;
        double bestRatio = 0;
        for (Map.Entry<String, Stats> e : inj.during().operations().entrySet()) {
            Stats before = inj.before().operations().get(e.getKey());
            if (!e.getKey().startsWith(HOP_PREFIX) || before == null || !(before.p99Ms() > 0)
                    || Double.isNaN(e.getValue().p99Ms())) {
                continue;
            }
            double ratio = e.getValue().p99Ms() / before.p99Ms();
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = e.getKey();
            }
        }
        // Below ×1.1 nothing grew beyond the noise of a p99 over a few hundred samples.
        return best == null ? "—" : bestRatio < 1.1 ? "none grew" : best + " ×" + Numbers.plain(bestRatio, 2);
    }

    /** The warnings grouped by their kind (the text before the first colon), each group open with its count. */
    static void warnings(StringBuilder s, List<String> warnings) {
        s.append("<div id=\"warnings\">\n");
        if (warnings.isEmpty()) {
            s.append("<p class=\"none\">none</p>\n</div>\n");
            return;
        }
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String w : warnings) {
            int colon = w.indexOf(':');
            String group = colon > 0 && colon <= 40 ? w.substring(0, colon) : "other";
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(w);
        }
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            s.append("<details class=\"warning-group\" data-group=\"").append(esc(g.getKey())).append("\" open><summary>")
                    .append(esc(g.getKey())).append(" (").append(g.getValue().size()).append(")</summary>\n<ul>\n");
            for (String w : g.getValue()) {
                s.append("<li class=\"warning\">").append(esc(w)).append("</li>\n");
            }
            s.append("</ul></details>\n");
        }
        s.append("</div>\n");
    }
}
