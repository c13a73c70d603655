package io.contmig.plan;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** plan.json's one schema: what the runner writes is what the reports read, and foreign records still read. */
class PlanDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEmptyObjectIsAnEmptyDocument() throws Exception {
        PlanDocument d = PlanDocument.read(JSON.readTree("{}"));
        assertThat(d.runId()).isNull();
        assertThat(d.targetLabel()).isEmpty();
        assertThat(d.windows()).isNull();
        assertThat(d.gates()).isEmpty();
        assertThat(d.other()).isEmpty();
        assertThat(PlanDocument.read(null).gates()).isEmpty();
    }

    @Test
    void foreignRecordsReadWithTheirUnknownScalarsKept() throws Exception {
        PlanDocument d = PlanDocument.read(JSON.readTree("""
                {"tool":"other-bench","build":7,"nested":{"x":1},"target":{"type":"k8s"},
                 "windows":{"baseline":20000,"after":"PT30S"},
                 "gates":["lost == 0",{"expression":"p99(x, during) < 5","injection":"a"},42]}"""));
        assertThat(d.other()).containsOnlyKeys("build", "tool");
        assertThat(d.other().get("build").asText()).isEqualTo("7");
        assertThat(d.targetLabel()).isEqualTo("k8s");
        assertThat(d.windows()).isEqualTo(new PlanDocument.Windows("20000", null, "PT30S"));
        assertThat(d.gates()).containsExactly(new PlanDocument.Gate("lost == 0", null),
                new PlanDocument.Gate("p99(x, during) < 5", "a"), new PlanDocument.Gate("", null));
    }

    @Test
    void aKnownFieldOfTheWrongShapeNamesTheField() {
        assertThatThrownBy(() -> PlanDocument.read(JSON.readTree("{\"seed\":\"many\"}")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("PlanDocument[\"seed\"]");
        assertThatThrownBy(() -> PlanDocument.read(JSON.readTree("[]")))
                .hasMessage("must hold a JSON object, found ARRAY");
    }

    @Test
    void whatTheWriterWritesTheReaderReads() throws Exception {
        BenchPlan plan = TestInjectors.resolver().resolve(ScenarioSource.defaultScenario(), Overrides.NONE);
        PlanDocument written = PlanJson.document(plan).withRunFacts("run-1", "0.1.0", Instant.parse("2026-01-01T00:00:00Z"),
                "sandbox", Map.of("postgresql", "15.8"), Map.of("cores", "2"));
        String text = PlanJson.write(written);

        assertThat(text).startsWith("{\n  \"runId\" : \"run-1\",\n  \"harnessVersion\" : \"0.1.0\",\n"
                + "  \"wallClockAtZero\" : \"2026-01-01T00:00:00Z\",\n  \"name\" : ");
        PlanDocument read = PlanDocument.read(JSON.readTree(text));
        assertThat(read).isEqualTo(written);
        assertThat(read.versions()).containsExactly(Map.entry("contmig", "0.1.0"), Map.entry("postgresql", "15.8"));
        assertThat(read.gates()).hasSameSizeAs(plan.gates()).isNotEmpty();
        assertThat(PlanJson.write(read)).isEqualTo(text);
    }
}
