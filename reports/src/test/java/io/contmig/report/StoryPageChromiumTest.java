package io.contmig.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The story page (issue 10) in headless Chromium: the zoomed uPlot panels around each injection, with the migrated
 * and co-located tenants as two drawn lines on a logarithmic latency axis and a hover legend; no two phase labels
 * overlapping (bounding boxes, in the zoom panels and in the whole-run SVG charts, six short PostgreSQL phases
 * included); and no network request (resource timing entries, Content-Security-Policy violations).
 */
class StoryPageChromiumTest {

    private static final Pattern PROBE = Pattern.compile("<pre id=\"probe\">([^<]*)</pre>");

    @TempDir
    Path dir;

    @Test
    void zoomPanelsShowBothTenantsOnALogAxisWithoutOverlappingLabelsOrNetworkRequests() throws Exception {
        Path chromium = HtmlReportChromiumTest.chromium();
        Path run = dir.resolve("run");
        Reports.writeAll(StoryRun.write(run), run);
        Path html = run.resolve("report/index.html");
        String page = Files.readString(html, StandardCharsets.UTF_8);
        Files.createDirectories(Path.of("target/story-report"));
        Files.copy(html, Path.of("target/story-report/index.html"), StandardCopyOption.REPLACE_EXISTING);
        HtmlReportChromiumTest.assertNothingFetched(page);

        Path probe = run.resolve("report/probe.html");
        Files.writeString(probe, page.replace("<body>", "<body>" + VIOLATIONS).replace("</body>", PROBE_SCRIPT + "</body>"),
                StandardCharsets.UTF_8);
        String dom = HtmlReportChromiumTest.dumpDom(chromium, probe, dir);
        Matcher m = PROBE.matcher(dom);
        assertThat(m.find()).as("probe output in the dumped DOM:\n%s", HtmlReportChromiumTest.tail(dom)).isTrue();
        String out = m.group(1);

        assertThat(out).contains("storyRows=2;", "panels=2;", "charts=2;", "logAxes=2;", "bothLines=2;", "legends=2;");
        // 6 + 2 phase labels in the panels, 8 in each of the whole-run charts; none overlapping another.
        assertThat(out).contains("zoomLabels=8;", "zoomOverlaps=0;", "svgOverlaps=0;");
        assertThat(out).containsPattern("svgLabels=[1-9][0-9]*;");
        assertThat(out).contains("resources=0;", "violations=0;");
    }

    /** Counts Content-Security-Policy violations from the page's first element on. */
    private static final String VIOLATIONS = """
            <script>window.cspViolations = 0;
            document.addEventListener('securitypolicyviolation', function () { window.cspViolations++; });</script>
            """;

    private static final String PROBE_SCRIPT = """
            <pre id="probe"></pre>
            <script>
            window.addEventListener('load', function () { setTimeout(function () {
              var q = function (s, root) { return Array.prototype.slice.call((root || document).querySelectorAll(s)); };
              var overlaps = function (els) {
                var n = 0, r = els.map(function (e) { return e.getBoundingClientRect(); });
                for (var i = 0; i < r.length; i++) {
                  for (var j = i + 1; j < r.length; j++) {
                    if (r[i].left < r[j].right && r[j].left < r[i].right && r[i].top < r[j].bottom && r[j].top < r[i].bottom) { n++; }
                  }
                }
                return n;
              };
              var charts = window.contmigZoom || [];
              var drawn = function (arr) { return arr.some(function (v) { return v != null; }); };
              var zoomOverlaps = 0, svgOverlaps = 0;
              q('.zoom-panel').forEach(function (p) { zoomOverlaps += overlaps(q('.zoom-phase-label', p)); });
              q('svg.chart').forEach(function (svg) { svgOverlaps += overlaps(q('text.phase-label', svg)); });
              document.getElementById('probe').textContent =
                'storyRows=' + q('#story tr.story-row').length + ';' +
                'panels=' + q('.zoom-panel').length + ';' +
                'charts=' + charts.length + ';' +
                'logAxes=' + charts.filter(function (u) { return u.scales.y.distr === 3; }).length + ';' +
                'bothLines=' + charts.filter(function (u) {
                  return u.series.length === 3 && u.series[1].label.indexOf('migrated') === 0
                    && u.series[2].label.indexOf('co-located') === 0 && drawn(u.data[1]) && drawn(u.data[2]);
                }).length + ';' +
                'legends=' + q('.zoom-panel .u-legend').length + ';' +
                'zoomLabels=' + q('.zoom-phase-label').length + ';' +
                'zoomOverlaps=' + zoomOverlaps + ';' +
                'svgLabels=' + q('svg.chart text.phase-label').length + ';' +
                'svgOverlaps=' + svgOverlaps + ';' +
                'resources=' + performance.getEntriesByType('resource').length + ';' +
                'violations=' + window.cspViolations + ';';
            }, 300); });
            </script>
            """;
}
