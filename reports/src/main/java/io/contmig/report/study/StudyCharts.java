package io.contmig.report.study;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static io.contmig.report.study.StudyPage.esc;

/**
 * The inline SVG charts of {@link StudyPage}: a forest plot per metric and the duration-vs-degradation scatter.
 * Stateless and thread-safe.
 */
final class StudyCharts {

    private static final int WIDTH = 900;
    private static final int LABEL = 200;
    private static final int TEXT = 190;
    private static final int ROW = 22;

    private StudyCharts() {
    }

    /** One metric: per cell a row with its trials as dots, the median as a bar and the interval as a line. */
    static void forest(StringBuilder s, String metric, JsonNode cells) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int rows = 0;
        for (JsonNode c : cells) {
            JsonNode m = c.path("metrics").path(metric);
            if (m.isMissingNode()) {
                continue;
            }
            rows++;
            for (JsonNode v : m.path("values")) {
                if (v.isNumber()) {
                    lo = Math.min(lo, v.asDouble());
                    hi = Math.max(hi, v.asDouble());
                }
            }
            for (String f : List.of("ciLow", "ciHigh")) {
                if (m.path(f).isNumber()) {
                    lo = Math.min(lo, m.path(f).asDouble());
                    hi = Math.max(hi, m.path(f).asDouble());
                }
            }
        }
        if (rows == 0 || lo > hi) {
            return;
        }
        if (lo == hi) {
            lo -= Math.max(1, Math.abs(lo) * 0.1);
            hi += Math.max(1, Math.abs(hi) * 0.1);
        }
        double pad = (hi - lo) * 0.05;
        // A figure that cannot be negative (all of them are times, ratios or counts) gets no negative axis.
        double min = lo >= 0 ? Math.max(0, lo - pad) : lo - pad;
        double max = hi + pad;
        int plot = WIDTH - LABEL - TEXT;
        int height = rows * ROW + 24;
        s.append("<h3 class=\"metric\">").append(esc(metric)).append("</h3>\n<svg width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" role=\"img\" aria-label=\"forest plot of ")
                .append(esc(metric)).append("\">");
        int y = 14;
        for (JsonNode c : cells) {
            JsonNode m = c.path("metrics").path(metric);
            if (m.isMissingNode()) {
                continue;
            }
            s.append(text(4, y + 4, c.path("name").asText(), "start"));
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>",
                    LABEL, y, LABEL + plot, y));
            if (m.path("ciLow").isNumber() && m.path("ciHigh").isNumber()) {
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#264653\""
                        + " stroke-width=\"3\"/>", x(m.path("ciLow").asDouble(), min, max, plot), y,
                        x(m.path("ciHigh").asDouble(), min, max, plot), y));
            }
            if (m.path("median").isNumber()) {
                double mx = x(m.path("median").asDouble(), min, max, plot);
                s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e76f51\""
                        + " stroke-width=\"3\"/>", mx, y - 8, mx, y + 8));
            }
            for (JsonNode v : m.path("values")) {
                if (v.isNumber()) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%d\" r=\"3.5\" fill=\"#2a9d8f\""
                            + " fill-opacity=\"0.7\"/>", x(v.asDouble(), min, max, plot), y));
                }
            }
            s.append(text(LABEL + plot + 8, y + 4, String.format(Locale.ROOT, "%s [%s, %s] n=%d",
                    num(m.path("median")), num(m.path("ciLow")), num(m.path("ciHigh")), m.path("n").asInt()), "start"));
            y += ROW;
        }
        s.append(text(LABEL, y + 2, num(min), "start")).append(text(LABEL + plot, y + 2, num(max), "end"));
        s.append("</svg>\n");
    }

    /**
     * Migration duration (x) against the worst p99 ratio during/before (y) of the migrated tenant (circles) and of
     * the co-located tenants (squares); eligible cells filled, others hollow grey, the Pareto front ringed and named.
     */
    static void scatter(StringBuilder s, JsonNode points) {
        List<JsonNode> ps = new ArrayList<>();
        points.forEach(ps::add);
        ps.removeIf(p -> !p.path("durationMs").isNumber());
        if (ps.isEmpty()) {
            return;
        }
        double xMax = ps.stream().mapToDouble(p -> p.path("durationMs").asDouble() / 1000).max().orElse(1) * 1.1;
        double yMax = 1.2;
        for (JsonNode p : ps) {
            for (String f : List.of("migratedP99Ratio", "colocatedP99Ratio")) {
                if (p.path(f).isNumber()) {
                    yMax = Math.max(yMax, p.path(f).asDouble() * 1.1);
                }
            }
        }
        int w = 640;
        int h = 300;
        int left = 56;
        int bottom = 36;
        int plotW = w - left - 150;
        int plotH = h - bottom - 16;
        s.append("<p class=\"legend\">Duration vs degradation (medians over trials): ● migrated tenant, ■ co-located"
                + " tenants; filled = meets the SLO in every trial; ringed = Pareto front.</p>\n<svg width=\"")
                .append(w).append("\" height=\"").append(h).append("\" role=\"img\" aria-label=\"duration versus"
                + " degradation\">");
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"16\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#ccc\"/>", left, plotW, plotH));
        double oneY = 16 + plotH - plotH / yMax;
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#bbb\""
                + " stroke-dasharray=\"4 3\"/>", left, oneY, left + plotW, oneY));
        s.append(text(left - 4, (int) oneY + 4, "×1", "end"));
        s.append(text(left - 4, 24, String.format(Locale.ROOT, "×%.1f", yMax), "end"));
        s.append(text(left, h - 8, "0 s", "start"));
        s.append(text(left + plotW, h - 8, String.format(Locale.ROOT, "%.0f s migration duration", xMax), "end"));
        List<JsonNode> front = new ArrayList<>(ps.stream().filter(p -> p.path("pareto").asBoolean()).toList());
        front.sort(Comparator.comparingDouble(p -> p.path("durationMs").asDouble()));
        for (JsonNode p : ps) {
            double px = left + plotW * (p.path("durationMs").asDouble() / 1000) / xMax;
            boolean eligible = p.path("eligible").asBoolean();
            String fill = eligible ? "#2a9d8f" : "none";
            String stroke = eligible ? "#264653" : "#999";
            if (p.path("migratedP99Ratio").isNumber()) {
                double py = 16 + plotH - plotH * p.path("migratedP99Ratio").asDouble() / yMax;
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"%s\"/>",
                        px, py, fill, stroke));
                if (p.path("pareto").asBoolean()) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"9\" fill=\"none\""
                            + " stroke=\"#e76f51\" stroke-width=\"2\"/>", px, py));
                }
                s.append(text((int) px + 10, (int) py - 6, p.path("cell").asText(), "start"));
            }
            if (p.path("colocatedP99Ratio").isNumber()) {
                double py = 16 + plotH - plotH * p.path("colocatedP99Ratio").asDouble() / yMax;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"9\" height=\"9\" fill=\"%s\""
                        + " stroke=\"%s\"/>", px - 4.5, py - 4.5, eligible ? "#e9c46a" : "none", stroke));
            }
        }
        s.append("</svg>\n");
    }

    private static double x(double v, double min, double max, int plot) {
        return LABEL + plot * (v - min) / (max - min);
    }

    private static String num(JsonNode v) {
        return v.isNumber() ? num(v.asDouble()) : "–";
    }

    private static String num(double v) {
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 1000 ? "%.0f" : a >= 10 ? "%.1f" : "%.3f", v);
    }

    private static String text(int x, int y, String text, String anchor) {
        return "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"" + anchor + "\">" + esc(text) + "</text>";
    }
}
