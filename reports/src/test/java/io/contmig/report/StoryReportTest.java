package io.contmig.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The story table that opens report/index.html: one row per injection, what it cost. */
class StoryReportTest {

    @TempDir
    Path dir;

    @Test
    void oneRowPerInjectionWithDurationWriteBlockRatiosDowntimeFreshnessHopAndLosses() throws IOException {
        RunReport report = Reports.analyze(StoryRun.write(dir.resolve("run")));
        String html = Reports.render(report, ReportFormat.HTML);

        assertThat(html.indexOf("id=\"story\"")).isPositive().isLessThan(html.indexOf("id=\"conditions\""));
        String pg = row(html, "move-acme-postgres");
        assertThat(pg).contains("data-metric=\"duration\">5115 ms<", "data-metric=\"writeBlock\">52.4 ms<",
                "data-metric=\"lostDuplicated\">0 / 0<");
        assertThat(pg).contains("data-metric=\"hop\">none grew<");
        assertThat(pg).containsPattern("data-metric=\"p99Ratio@migrated\">×[0-9.]+ \\(mqtt.e2e ");
        String kafka = row(html, "move-acme-kafka");
        assertThat(kafka).contains("data-metric=\"hop\">hop.inbound ×", "data-metric=\"writeBlock\">—<",
                "data-metric=\"lostDuplicated\">0 / 2<", "data-metric=\"freshness\">150 → 12");
        assertThat(kafka).containsPattern("data-metric=\"p99Ratio@colocated\">×[01](\\.[0-9]+)? ");
        // Freshness is sampled: the seconds between its samples are not downtime.
        assertThat(pg + kafka).doesNotContain("mqtt.freshness)");
    }

    private static String row(String html, String injection) {
        int at = html.indexOf("<tr class=\"story-row\" data-injection=\"" + injection + "\"");
        assertThat(at).as("story row of %s", injection).isPositive();
        return html.substring(at, html.indexOf("</tr>", at));
    }
}
