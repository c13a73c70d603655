package io.contmig.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.contmig.report.HtmlReport.esc;
import static io.contmig.report.HtmlReport.slug;

/**
 * The zoomed panels of {@code report/index.html}: per injection, ±{@value #MARGIN_S} s around it, the p99 per
 * second of the migrated tenant and of the worst co-located tenant as separate lines on a logarithmic latency
 * axis, the phases shaded and labelled; hover shows the values, dragging zooms, a double click zooms out. Drawn by
 * uPlot (MIT), whose script and stylesheet come from the WebJar {@code org.webjars.npm:uplot} and are inlined, so
 * the page still fetches nothing. Stateless and thread-safe.
 *
 * <p>Resolution: 100 ms where the log has its 100 ms histograms around the injection ({@code <tag>~100ms},
 * {@link RunReport#zoomSeries()}), by completion time like the 1 s intervals; else the log's interval (1 s), and
 * the legend says so. The phases' own figures, exact by intended start, are in the tables.
 *
 * <p>Hooks: {@code <div class="zoom-panel" data-injection=".." data-operation="..">}; after load,
 * {@code window.contmigZoom} holds the uPlot instances and each phase label is a
 * {@code <div class="zoom-phase-label">} over its chart, placed in rows so that no two overlap.
 */
final class HtmlZoomPanels {

    static final String UPLOT_VERSION = "1.6.30";
    private static final String UPLOT_DIR = "/META-INF/resources/webjars/uplot/" + UPLOT_VERSION + "/dist/";
    private static final int MARGIN_S = 10;

    private HtmlZoomPanels() {
    }

    /** uPlot's script and stylesheet, read once from the WebJar on the class path. */
    private static final class Assets {
        static final String SCRIPT = resource("uPlot.iife.min.js");
        static final String STYLE = resource("uPlot.min.css");

        private static String resource(String name) {
            try (InputStream in = HtmlZoomPanels.class.getResourceAsStream(UPLOT_DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException("uPlot " + name + " is not on the class path (WebJar org.webjars.npm:uplot:"
                            + UPLOT_VERSION + ")");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void panels(StringBuilder s, RunReport r) {
        List<String> panels = new ArrayList<>();
        StringBuilder data = new StringBuilder("[");
        boolean allFine = true;
        for (InjectionReport inj : r.injections()) {
            String op = HtmlStory.headline(inj);
            Series migrated = r.series().get(op + "@" + inj.tenant());
            if (op.isEmpty() || migrated == null) {
                continue;
            }
            String id = "zoom-" + slug(inj.name());
            Series fineMigrated = r.zoomSeries().get(op + "@" + inj.tenant());
            boolean fine = fineMigrated != null;
            allFine &= fine;
            panels.add("<figure class=\"zoom-figure\"><figcaption>" + esc(inj.name()) + ": " + esc(op) + " p99 per "
                    + (fine ? "100 ms" : "second") + ", migrated vs co-located (ms, log scale)</figcaption>"
                    + "<div class=\"zoom-panel\" id=\"" + id + "\" data-injection=\"" + esc(inj.name())
                    + "\" data-operation=\"" + esc(op) + "\" data-resolution-ms=\"" + (fine ? 100 : 1000)
                    + "\"></div></figure>\n");
            if (data.length() > 1) {
                data.append(',');
            }
            if (fine) {
                panelData(data, r.zoomSeries(), inj, op, id, fineMigrated, 10);
            } else {
                panelData(data, r.series(), inj, op, id, migrated, 1);
            }
        }
        data.append(']');
        if (panels.isEmpty()) {
            return;
        }
        s.append("<section id=\"zoom\">\n<h2>Around each injection</h2>\n<p class=\"legend\">±").append(MARGIN_S)
                .append(" s around each injection, ").append(allFine ? "100 ms" : "1 s (100 ms where the log has it)")
                .append(" resolution; hover for values, drag to zoom, double-click to zoom"
                        + " out. Shaded: phases.</p>\n<style>").append(Assets.STYLE).append("</style>\n");
        panels.forEach(s::append);
        s.append("<script type=\"application/json\" id=\"zoom-data\">").append(data).append("</script>\n<script>")
                .append(Assets.SCRIPT).append("</script>\n<script>").append(SCRIPT).append("</script>\n</section>\n");
    }

    /**
     * One panel's data from {@code series} whose index {@code i} covers {@code [i, i + 1) / perSecond} s: 1 for the
     * per-second series, 10 for the 100 ms ones.
     */
    private static void panelData(StringBuilder d, Map<String, Series> series, InjectionReport inj, String op, String id,
                                  Series migrated, int perSecond) {
        int from = Math.max(0, (int) Math.floor(inj.startMs() * perSecond / 1000.0) - MARGIN_S * perSecond);
        int to = Math.min(migrated.seconds(), (int) Math.ceil(inj.endMs() * perSecond / 1000.0) + MARGIN_S * perSecond);
        List<Series> others = new ArrayList<>();
        for (Map.Entry<String, Series> e : series.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(op + "@") && !key.equals(op + "@" + inj.tenant())) {
                others.add(e.getValue());
            }
        }
        d.append("{\"id\":\"").append(id).append("\",\"op\":").append(json(op)).append(",\"tenant\":")
                .append(json(inj.tenant())).append(",\"x\":[");
        StringBuilder mig = new StringBuilder();
        StringBuilder col = new StringBuilder();
        for (int sec = from; sec < to; sec++) {
            String sep = sec == from ? "" : ",";
            d.append(sep).append(perSecond == 1 ? String.valueOf(sec) : Numbers.plain(sec / (double) perSecond, 1));
            mig.append(sep).append(value(migrated.p99Ms()[sec]));
            double worst = Double.NaN;
            for (Series o : others) {
                if (sec < o.seconds() && !Double.isNaN(o.p99Ms()[sec])) {
                    worst = Double.isNaN(worst) ? o.p99Ms()[sec] : Math.max(worst, o.p99Ms()[sec]);
                }
            }
            col.append(sep).append(value(worst));
        }
        d.append("],\"migrated\":[").append(mig).append("],\"colocated\":[").append(col).append("],\"phases\":[");
        List<WindowResult> phases = inj.phases().isEmpty() ? List.of(inj.during()) : inj.phases();
        for (int k = 0; k < phases.size(); k++) {
            WindowResult p = phases.get(k);
            d.append(k == 0 ? "" : ",").append("{\"name\":").append(json(p.name())).append(",\"s\":")
                    .append(Numbers.plain(p.startMs() / 1000.0, 6)).append(",\"e\":")
                    .append(Numbers.plain(p.endMs() / 1000.0, 6)).append('}');
        }
        d.append("]}");
    }

    /** A latency for the log axis: null when absent, at least 1 µs (a log scale has no zero). */
    private static String value(double ms) {
        return Double.isNaN(ms) ? "null" : Numbers.plain(Math.max(0.001, ms));
    }

    private static String json(String text) {
        // Also escapes '<' and '/', so that no text closes the script element.
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '/' || c == '&') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Builds the panels from #zoom-data; the phase labels are laid out in rows after every redraw (zoom). */
    private static final String SCRIPT = """
            (function () {
              var colors = ['#f4a261', '#2a9d8f', '#e9c46a', '#e76f51', '#8ab17d', '#9b5de5'];
              var fmt = function (u, v) { return v == null ? '-' : v.toFixed(v < 10 ? 3 : 1) + ' ms'; };
              window.contmigZoom = [];
              JSON.parse(document.getElementById('zoom-data').textContent).forEach(function (p) {
                var el = document.getElementById(p.id);
                var shade = function (u) {
                  var ctx = u.ctx;
                  ctx.save();
                  ctx.globalAlpha = 0.25;
                  p.phases.forEach(function (ph, i) {
                    var x0 = u.valToPos(ph.s, 'x', true), x1 = u.valToPos(ph.e, 'x', true);
                    ctx.fillStyle = colors[i % colors.length];
                    ctx.fillRect(x0, u.bbox.top, Math.max(1, x1 - x0), u.bbox.height);
                  });
                  ctx.restore();
                };
                var labels = function (u) {
                  Array.prototype.slice.call(u.over.querySelectorAll('.zoom-phase-label')).forEach(function (l) { l.remove(); });
                  var rowEnds = [];
                  p.phases.forEach(function (ph, i) {
                    var x = u.valToPos(ph.s, 'x');
                    if (x < 0 || x > u.over.clientWidth) { return; }
                    var l = document.createElement('div');
                    l.className = 'zoom-phase-label';
                    l.textContent = ph.name;
                    l.title = ph.name + ': ' + ph.s + ' s to ' + ph.e + ' s';
                    l.style.borderLeftColor = colors[i % colors.length];
                    u.over.appendChild(l);
                    var w = l.offsetWidth + 4, row = 0;
                    while (row < rowEnds.length && rowEnds[row] > x) { row++; }
                    rowEnds[row] = x + w;
                    l.style.left = x + 'px';
                    l.style.top = (row * (l.offsetHeight + 2)) + 'px';
                  });
                };
                var u = new uPlot({
                  width: Math.max(600, Math.min(1200, (el.parentNode.clientWidth || 960) - 8)),
                  height: 280,
                  scales: { x: { time: false }, y: { distr: 3, log: 10 } },
                  axes: [{ label: 's since t=0' }, { label: p.op + ' p99 (ms)' }],
                  series: [
                    { label: 't (s)' },
                    { label: 'migrated (' + p.tenant + ')', stroke: '#d62828', width: 2, value: fmt },
                    { label: 'co-located (worst tenant)', stroke: '#1d3557', width: 2, dash: [6, 3], value: fmt }
                  ],
                  hooks: { drawClear: [shade], draw: [labels] }
                }, [p.x, p.migrated, p.colocated], el);
                window.contmigZoom.push(u);
              });
            })();
            """;
}
