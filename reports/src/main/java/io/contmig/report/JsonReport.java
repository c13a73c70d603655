package io.contmig.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.contmig.gate.GateResult;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/** {@code report.json} in its documented shape (root README.md), with extra fields (reasons, warnings, conditions, spans). */
final class JsonReport implements ReportRenderer {

    private static final JsonFactory FACTORY = new JsonFactory();

    @Override
    public void render(RunReport r, Writer out) throws IOException {
        JsonGenerator g = open(out);
        g.writeStartObject();
        g.writeStringField("runId", r.runId());
        g.writeStringField("target", r.target());
        g.writeStringField("verdict", r.verdict().name());
        strings(g, "reasons", r.reasons());
        strings(g, "checked", r.checked());
        strings(g, "warnings", r.warnings());
        g.writeObjectFieldStart("conditions");
        for (Map.Entry<String, String> e : r.conditions().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("windowPolicy");
        number(g, "baselineMs", r.policy().baselineMs());
        number(g, "settleMs", r.policy().settleMs());
        number(g, "afterMs", r.policy().afterMs());
        // How samples are attributed to during and the phases: by intended start (exact) or by interval start.
        g.writeStringField("phaseAttribution", r.phasesExact() ? "intended-start" : "interval-start");
        g.writeEndObject();
        number(g, "runEndMs", r.runEndMs());
        g.writeFieldName("operations");
        statsMap(g, r.operations());
        g.writeObjectFieldStart("deadLetters");
        for (Map.Entry<String, Map<String, Long>> tenant : r.deadLetters().entrySet()) {
            g.writeObjectFieldStart(tenant.getKey());
            for (Map.Entry<String, Long> reason : tenant.getValue().entrySet()) {
                g.writeNumberField(reason.getKey(), reason.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeArrayFieldStart("injections");
        for (InjectionReport inj : r.injections()) {
            injection(g, inj);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("gates");
        for (GateReport gate : r.gates()) {
            g.writeStartObject();
            g.writeStringField("expression", gate.expression());
            if (!gate.injection().isEmpty()) {
                g.writeStringField("injection", gate.injection());
            }
            g.writeStringField("verdict", gate.verdict().name());
            number(g, "value", gate.value());
            g.writeStringField("detail", gate.detail());
            g.writeArrayFieldStart("results");
            for (Map.Entry<String, GateResult> e : gate.results().entrySet()) {
                g.writeStartObject();
                g.writeStringField("injection", e.getKey());
                g.writeStringField("verdict", e.getValue().verdict().name());
                number(g, "value", e.getValue().value());
                number(g, "threshold", e.getValue().threshold());
                g.writeStringField("detail", e.getValue().detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
        out.write('\n');
    }

    /** A generator writing to {@code out} with two-space indentation and {@code \n} line ends on every OS. */
    static JsonGenerator open(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        g.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter));
        return g;
    }

    private static void injection(JsonGenerator g, InjectionReport inj) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", inj.name());
        for (Map.Entry<String, String> e : inj.attributes().entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        number(g, "startMs", inj.startMs());
        number(g, "endMs", inj.endMs());
        g.writeStringField("outcome", inj.outcome());
        if (!inj.reason().isEmpty()) {
            g.writeStringField("reason", inj.reason());
        }
        g.writeBooleanField("healed", inj.healed());
        if (!inj.healFailure().isEmpty()) {
            g.writeStringField("healFailure", inj.healFailure());
        }
        g.writeStringField("verdict", inj.verdict().name());
        g.writeArrayFieldStart("phases");
        for (WindowResult p : inj.phases()) {
            g.writeStartObject();
            g.writeStringField("name", p.name());
            number(g, "startMs", p.startMs());
            number(g, "endMs", p.endMs());
            g.writeFieldName("operations");
            statsMap(g, p.operations());
            g.writeEndObject();
        }
        g.writeEndArray();
        List<WindowResult> windows = List.of(inj.before(), inj.during(), inj.after());
        g.writeObjectFieldStart("windows");
        for (WindowResult w : windows) {
            g.writeFieldName(w.name());
            statsMap(g, w.operations());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("windowSpans");
        for (WindowResult w : windows) {
            g.writeObjectFieldStart(w.name());
            number(g, "startMs", w.startMs());
            number(g, "endMs", w.endMs());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("tenants");
        if (!inj.tenant().isEmpty()) {
            g.writeStringField("migratedTenant", inj.tenant());
        }
        tenantGroup(g, "migrated", inj.migrated());
        tenantGroup(g, "colocated", inj.colocated());
        g.writeEndObject();
        g.writeObjectFieldStart("downtimeMs");
        for (Map.Entry<String, Double> e : inj.downtimeMs().entrySet()) {
            number(g, e.getKey(), e.getValue());
        }
        g.writeEndObject();
        Verification v = inj.verification();
        g.writeObjectFieldStart("verification");
        g.writeStringField("verdict", v.verdict().name());
        count(g, "checked", v.checked());
        count(g, "lost", v.lost());
        count(g, "duplicated", v.duplicated());
        strings(g, "mismatches", v.mismatches());
        strings(g, "checks", v.checks());
        if (v.present() && !v.cause().isEmpty()) {
            g.writeStringField("cause", v.cause());
        }
        if (!v.present()) {
            g.writeStringField("note", "no verification/" + inj.name() + ".json");
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void tenantGroup(JsonGenerator g, String name, Map<String, Map<String, Stats>> group) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Map<String, Stats>> op : group.entrySet()) {
            g.writeObjectFieldStart(op.getKey());
            for (Map.Entry<String, Stats> w : op.getValue().entrySet()) {
                g.writeFieldName(w.getKey());
                stats(g, w.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void statsMap(JsonGenerator g, Map<String, Stats> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, Stats> e : map.entrySet()) {
            g.writeFieldName(e.getKey());
            stats(g, e.getValue());
        }
        g.writeEndObject();
    }

    static void stats(JsonGenerator g, Stats s) throws IOException {
        g.writeStartObject();
        g.writeNumberField("count", s.count());
        g.writeNumberField("errors", s.errors());
        number(g, "throughputPerSec", s.throughputPerSec());
        number(g, "p50Ms", s.p50Ms());
        number(g, "p90Ms", s.p90Ms());
        number(g, "p99Ms", s.p99Ms());
        number(g, "p999Ms", s.p999Ms());
        number(g, "maxMs", s.maxMs());
        g.writeEndObject();
    }

    /** A number as plain decimal text (locale-independent, no exponent); null when NaN or infinite. */
    static void number(JsonGenerator g, String field, double v) throws IOException {
        g.writeFieldName(field);
        String text = Numbers.plain(v);
        if (text.isEmpty()) {
            g.writeNull();
        } else {
            g.writeNumber(text);
        }
    }

    private static void count(JsonGenerator g, String field, long v) throws IOException {
        if (v < 0) {
            g.writeNullField(field);
        } else {
            g.writeNumberField(field, v);
        }
    }

    static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }
}
