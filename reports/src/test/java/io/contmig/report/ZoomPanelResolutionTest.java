package io.contmig.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The zoom panels (issue 10, item 6) at 100 ms around an injection: the log's {@code <tag>~100ms} histograms,
 * recorded through the real recorder and log writer, become 100 ms points of the migrated and co-located lines.
 */
class ZoomPanelResolutionTest {

    @TempDir
    Path dir;

    @Test
    void panelsAroundAnInjectionHaveHundredMillisecondPoints() throws IOException {
        RecordedRun run = new RecordedRun(dir.resolve("run"));
        run.mark(0, "run-started", "runner", Map.of());
        run.injection(30_000, "move", "acme").phase(30_100, "move", "cutover").finished(30_300, "move");
        // Every 10 ms for both tenants; the migrated tenant's samples intended in [30.0, 30.3) s take 250 ms, a
        // spike that a 1 s interval would smear over a whole second.
        for (long t = 0; t < 60_000_000; t += 10_000) {
            boolean spike = t >= 30_000_000 && t < 30_300_000;
            run.sample("mqtt.e2e", "acme", t, spike ? 250_000 : 5_000, true);
            run.sample("mqtt.e2e", "globex", t, 4_000, true);
        }
        RunReport report = Reports.analyze(run.write(60_000));

        Series acme = report.zoomSeries().get("mqtt.e2e@acme");
        Series globex = report.zoomSeries().get("mqtt.e2e@globex");
        assertThat(acme).isNotNull();
        assertThat(globex).isNotNull();
        // 100 ms points from 10 s before the start to 10 s after the end, none far outside.
        for (int tenth = 200; tenth <= 402; tenth++) {
            // None of acme's samples completes in [30.005 s, 30.25 s): those intended then complete 250 ms later.
            if (tenth != 300 && tenth != 301) {
                assertThat(acme.count()[tenth]).as("acme at %d00 ms", tenth).isPositive();
            }
            assertThat(globex.count()[tenth]).as("globex at %d00 ms", tenth).isPositive();
        }
        assertThat(acme.seconds()).isLessThan(420);
        assertThat(acme.count()[150]).isZero();
        assertThat(acme.count()[300] + acme.count()[301]).isZero();
        // The spike, by completion: samples complete 250 ms after their intended start.
        assertThat(acme.p99Ms()[290]).isLessThan(10);
        assertThat(acme.p99Ms()[303]).isGreaterThan(200);
        assertThat(acme.p99Ms()[310]).isLessThan(10);
        assertThat(globex.p99Ms()[303]).isLessThan(10);

        String html = Reports.render(report, ReportFormat.HTML);
        assertThat(html).contains("data-resolution-ms=\"100\"", "p99 per 100 ms", "100 ms resolution")
                .contains("\"x\":[20,20.1,20.2,");
    }
}
