package io.contmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The written files parse and hold every field the root README.md promises (report.json, junit.xml, verdict.json, CSV). */
class ReportContractTest {

    private static final List<String> STATS = List.of("count", "errors", "throughputPerSec", "p50Ms", "p90Ms", "p99Ms",
            "p999Ms", "maxMs");

    @TempDir
    Path dir;

    @Test
    void reportJsonHasTheContractShape() throws Exception {
        Path run = dir.resolve("run");
        Reports.writeAll(GoldenRun.write(run), run);
        JsonNode r = new ObjectMapper().readTree(run.resolve("report.json").toFile());

        assertThat(r.path("runId").asText()).isEqualTo("2026-01-01T00-00-00Z-golden");
        assertThat(r.path("target").asText()).isEqualTo("sandbox");
        assertThat(r.path("verdict").asText()).isEqualTo("FAIL");
        assertStats(r.path("operations").path("mqtt.e2e"));
        JsonNode inj = r.path("injections").get(0);
        for (String field : List.of("name", "kind", "store", "strategy", "tenant", "from", "to", "outcome")) {
            assertThat(inj.path(field).isTextual()).as(field).isTrue();
        }
        assertThat(inj.path("startMs").isNumber()).isTrue();
        assertThat(inj.path("endMs").isNumber()).isTrue();
        JsonNode phase = inj.path("phases").get(0);
        assertThat(phase.path("name").asText()).isEqualTo("copy");
        assertThat(phase.path("startMs").isNumber() && phase.path("endMs").isNumber()).isTrue();
        for (String window : List.of("before", "during", "after")) {
            assertStats(inj.path("windows").path(window).path("mqtt.e2e"));
            assertStats(inj.path("tenants").path("migrated").path("mqtt.e2e").path(window));
            assertStats(inj.path("tenants").path("colocated").path("mqtt.e2e").path(window));
        }
        assertThat(inj.path("downtimeMs").path("rest.listMeasurements").asDouble()).isEqualTo(2000.0);
        JsonNode v = inj.path("verification");
        assertThat(v.path("verdict").asText()).isEqualTo("PASS");
        assertThat(v.path("checked").asLong()).isEqualTo(3600);
        assertThat(v.path("lost").isNumber() && v.path("duplicated").isNumber() && v.path("mismatches").isArray()).isTrue();
        JsonNode gate = r.path("gates").get(0);
        assertThat(gate.path("expression").asText()).isEqualTo("p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)");
        assertThat(gate.path("verdict").asText()).isEqualTo("FAIL");
        assertThat(gate.path("value").isNumber()).isTrue();

        JsonNode verdict = new ObjectMapper().readTree(run.resolve("verdict.json").toFile());
        assertThat(verdict.path("verdict").asText()).isEqualTo("FAIL");
        assertThat(verdict.path("reasons").size()).isEqualTo(3);
    }

    @Test
    void junitXmlHasOneTestCasePerGate() throws Exception {
        Path run = dir.resolve("run");
        Reports.writeAll(GoldenRun.write(run), run);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readAllBytes(run.resolve("junit.xml"))));
        Element suite = doc.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        NodeList cases = suite.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(6);
        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getElementsByTagName("failure").getLength()).isEqualTo(2).isEqualTo(Integer.parseInt(suite.getAttribute("failures")));
        assertThat(suite.getElementsByTagName("skipped").getLength()).isEqualTo(1).isEqualTo(Integer.parseInt(suite.getAttribute("skipped")));
        assertThat(((Element) cases.item(0)).getAttribute("name")).isEqualTo("p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)");
    }

    @Test
    void csvRowsHaveTheHeaderColumnCount() throws Exception {
        Path run = dir.resolve("run");
        Reports.writeAll(GoldenRun.write(run), run);
        List<String> lines = Files.readAllLines(run.resolve("report.csv"), StandardCharsets.UTF_8);
        int columns = lines.get(0).split(",", -1).length;
        assertThat(columns).isEqualTo(14);
        assertThat(lines).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(columns));
        assertThat(lines).contains("move-acme-postgres,during,40012,51230,rest.listMeasurements,all,45,10,4.011,22.015,24.015,24.015,24.015,24.015");
    }

    private static void assertStats(JsonNode stats) {
        assertThat(stats.isObject()).as("STATS object").isTrue();
        for (String field : STATS) {
            assertThat(stats.path(field).isNumber()).as(field + " in " + stats).isTrue();
        }
    }
}
