package io.contmig.report;

import java.util.Locale;

import static io.contmig.report.HtmlReport.esc;
import static io.contmig.report.HtmlReport.slug;

/**
 * The charts of {@code report/index.html}: per operation an inline SVG of p50 / p99 / max per second and, below,
 * the error rate, with each injection and its phases shaded (hooks in {@link HtmlReport}'s Javadoc). Stateless
 * and thread-safe.
 */
final class HtmlCharts {

    private static final int WIDTH = 960;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 28;
    private static final int LATENCY_HEIGHT = 200;
    private static final int GAP = 24;
    private static final int ERROR_HEIGHT = 60;
    private static final int HEIGHT = TOP + LATENCY_HEIGHT + GAP + ERROR_HEIGHT + 32;
    /** Estimated width of one character of a 10 px phase label. */
    private static final double LABEL_CHAR_PX = 6.2;
    private static final String[] PHASE_COLORS = {"#f4a261", "#2a9d8f", "#e9c46a", "#e76f51", "#8ab17d", "#9b5de5"};

    private HtmlCharts() {
    }

    static void charts(StringBuilder s, RunReport r) {
        s.append("<section id=\"charts\">\n<h2>Latency over time</h2>\n<p class=\"legend\">"
                + "<span class=\"key p50\"></span>p50 <span class=\"key p99\"></span>p99 <span class=\"key max\"></span>max"
                + " per second (ms, response time from the intended start); below: error rate (%). Shaded: injections"
                + " and their phases.</p>\n");
        for (Series series : r.series().values()) {
            if (!series.operation().contains("@")) {
                chart(s, r, series);
            }
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
            // A fault is drawn as a red band with a dashed border, so that what broke stands apart from what moved.
            s.append(inj.kind().equals("fault") ? "<rect class=\"injection fault\" data-injection=\""
                    : "<rect class=\"injection\" data-injection=\"").append(esc(inj.name())).append("\" x=\"").append(f(x0))
                    .append("\" y=\"").append(TOP - 14).append("\" width=\"").append(f(w)).append("\" height=\"")
                    .append(errTop + ERROR_HEIGHT - TOP + 14).append("\"><title>").append(esc(inj.name())).append("</title></rect>\n");
            s.append("<text class=\"injection-label\" x=\"").append(f(x0 + 2)).append("\" y=\"").append(TOP - 4).append("\">")
                    .append(esc(inj.name())).append("</text>\n");
            int k = 0;
            LabelRows rows = new LabelRows(LABEL_CHAR_PX);
            for (WindowResult p : inj.phases()) {
                double px = LEFT + p.startMs() / 1000.0 * xScale;
                double pw = Math.max(1, (p.endMs() - p.startMs()) / 1000.0 * xScale);
                s.append("<rect class=\"phase\" data-injection=\"").append(esc(inj.name())).append("\" data-phase=\"")
                        .append(esc(p.name())).append("\" x=\"").append(f(px)).append("\" y=\"").append(TOP)
                        .append("\" width=\"").append(f(pw)).append("\" height=\"").append(LATENCY_HEIGHT)
                        .append("\" fill=\"").append(PHASE_COLORS[k % PHASE_COLORS.length]).append("\"><title>")
                        .append(esc(inj.name() + ": " + p.name())).append("</title></rect>\n");
                s.append("<text class=\"phase-label\" data-phase=\"").append(esc(p.name())).append("\" x=\"")
                        .append(f(px + 2)).append("\" y=\"").append(TOP + 12 + 11 * rows.place(px + 2, p.name()))
                        .append("\">")
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
}
