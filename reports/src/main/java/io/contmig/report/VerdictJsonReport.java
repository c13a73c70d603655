package io.contmig.report;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.Writer;

/**
 * {@code verdict.json}: {@code {"verdict": ..., "reasons": [...], "checked": [...]}} (read by {@code contmig:verify}):
 * the non-PASS causes, then what the passing verifications checked.
 */
final class VerdictJsonReport implements ReportRenderer {

    @Override
    public void render(RunReport r, Writer out) throws IOException {
        JsonGenerator g = JsonReport.open(out);
        g.writeStartObject();
        g.writeStringField("verdict", r.verdict().name());
        JsonReport.strings(g, "reasons", r.reasons());
        JsonReport.strings(g, "checked", r.checked());
        g.writeEndObject();
        g.flush();
        out.write('\n');
    }
}
