package io.contmig.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Opens the golden run's {@code report/index.html} in headless Chromium (Debian's {@code chromium}, installed by
 * {@code scripts/setup-system.sh}) and asserts that the charts, their series and the shaded, labelled phases were
 * laid out by the browser: a probe script appended to a copy of the page measures the rendered SVG elements
 * ({@code getBBox}) and writes the figures into the DOM, which {@code --dump-dom} prints.
 */
class HtmlReportChromiumTest {

    private static final Pattern PROBE = Pattern.compile("<pre id=\"probe\">([^<]*)</pre>");

    @TempDir
    Path dir;

    @Test
    void chromiumRendersTheChartsAndTheShadedPhases() throws Exception {
        Path chromium = chromium();
        Reports.writeAll(GoldenRun.write(dir.resolve("run")), dir.resolve("run"));
        Path html = dir.resolve("run/report/index.html");
        String page = Files.readString(html, StandardCharsets.UTF_8);
        // Kept for a human look: target/golden-report/index.html.
        Files.createDirectories(Path.of("target/golden-report"));
        Files.copy(html, Path.of("target/golden-report/index.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNothingFetched(page);

        Path probe = dir.resolve("run/report/probe.html");
        Files.writeString(probe, page.replace("</body>", PROBE_SCRIPT + "</body>"), StandardCharsets.UTF_8);
        String dom = dumpDom(chromium, probe, dir);
        Matcher m = PROBE.matcher(dom);
        assertThat(m.find()).as("probe output in the dumped DOM:\n%s", tail(dom)).isTrue();
        String out = m.group(1);

        // One chart per operation: mqtt.e2e, mqtt.publish, rest.listMeasurements.
        assertThat(out).contains("charts=3;");
        // 3 phases of one injection shaded in each of the 3 charts, each laid out with a width > 0.
        assertThat(out).contains("phases=9;", "phasesWithArea=9;", "phaseNames=catch-up,copy,cutover;");
        assertThat(out).contains("phaseLabels=9;", "injections=3;");
        // p50, p99, max and error rate in each chart, drawn (non-empty bounding box).
        assertThat(out).contains("seriesDrawn=12;");
        assertThat(out).contains("summaryTables=1;");
    }

    /**
     * Self-contained: no attribute, stylesheet or import names a URL (uPlot's licence comment does, harmlessly), and
     * the page's Content-Security-Policy forbids any fetch.
     */
    static void assertNothingFetched(String page) {
        assertThat(page).as("self-contained: no external fetch")
                .doesNotContainPattern("(?i)(src|href)\\s*=\\s*[\"']?\\s*(https?:|//)")
                .doesNotContainPattern("(?i)url\\(\\s*['\"]?(https?:|//)").doesNotContain("@import")
                .contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';");
    }

    private static final String PROBE_SCRIPT = """
            <pre id="probe"></pre>
            <script>
            (function () {
              var q = function (s) { return Array.prototype.slice.call(document.querySelectorAll(s)); };
              var area = function (e) { var b = e.getBBox(); return b.width > 0 && b.height > 0; };
              var phases = q('svg.chart rect.phase');
              var names = phases.map(function (p) { return p.getAttribute('data-phase'); })
                  .filter(function (v, i, a) { return a.indexOf(v) === i; }).sort();
              var drawn = q('svg.chart path.series').filter(function (p) { return p.getBBox().width > 0; });
              document.getElementById('probe').textContent =
                  'charts=' + q('svg.chart').length + ';' +
                  'phases=' + phases.length + ';' +
                  'phasesWithArea=' + phases.filter(area).length + ';' +
                  'phaseNames=' + names.join(',') + ';' +
                  'phaseLabels=' + q('svg.chart text.phase-label').filter(function (t) { return t.getComputedTextLength() > 0; }).length + ';' +
                  'injections=' + q('svg.chart rect.injection').filter(area).length + ';' +
                  'seriesDrawn=' + drawn.length + ';' +
                  'summaryTables=' + q('table.summary').length + ';';
            })();
            </script>
            """;

    /** The Chromium binary, or a clear failure naming the script that installs it. */
    static Path chromium() {
        return chromium(List.of("/usr/bin/chromium", "/usr/bin/chromium-browser"));
    }

    static Path chromium(List<String> candidates) {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return fail("headless Chromium is needed for the HTML report test and was not found at /usr/bin/chromium: "
                + "run `bash scripts/setup-system.sh` (as root) to install Debian's chromium package");
    }

    @Test
    void aMissingChromiumFailsNamingTheSetupScript() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> chromium(List.of("/nonexistent/chromium")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("run `bash scripts/setup-system.sh`");
    }

    static String dumpDom(Path chromium, Path page, Path dir) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString()));
        File log = dir.resolve("chromium.log").toFile();
        Process p = new ProcessBuilder(command).redirectError(log).redirectOutput(dir.resolve("dom.html").toFile()).start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                fail("chromium did not finish within 180 s; log:\n" + Files.readString(log.toPath()));
            }
        } finally {
            p.destroyForcibly();
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
        assertThat(p.exitValue()).as("chromium exit code; log:\n%s", Files.readString(log.toPath())).isZero();
        return Files.readString(dir.resolve("dom.html"), StandardCharsets.UTF_8);
    }

    static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
