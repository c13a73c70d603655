package io.contmig.runner.study;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.gate.GateInputs;
import io.contmig.gate.Quantity;
import io.contmig.gate.Reading;
import io.contmig.gate.Scope;
import io.contmig.gate.Statistic;

/**
 * Resolves gate quantities against one injection of a stored {@code report.json} — how a study judges its SLOs
 * from the trials' reports alone, without re-reading their latency logs. What report.json holds is readable: a
 * window or phase of all tenants ({@code windows}, {@code phases}), the {@code @migrated} and {@code @colocated}
 * groups ({@code tenants}), {@code downtime(<op>)} of all tenants, and the verification counts. A named tenant's
 * window or a group's downtime is not in report.json and reads as missing (the SLO is then UNKNOWN, never met).
 * Percentiles need as many successes as the judge asks (10 for p90, 100 for p99, 1000 for p999). Stateless.
 */
final class ReportGateInputs implements GateInputs {

    private final JsonNode injection;

    ReportGateInputs(JsonNode injection) {
        this.injection = injection;
    }

    @Override
    public Reading read(Quantity quantity) {
        String name = injection.path("name").asText();
        if (quantity instanceof Quantity.Windowed w) {
            return windowed(w, name);
        }
        if (quantity instanceof Quantity.Downtime d) {
            JsonNode v = injection.path("downtimeMs").path(d.operation());
            if (d.scope().kind() != Scope.Kind.ALL || !v.isNumber()) {
                return Reading.missing("report.json has no downtime of " + d.operation() + d.scope().suffix()
                        + " for '" + name + "'");
            }
            return Reading.of(v.asDouble());
        }
        Quantity.Verification q = (Quantity.Verification) quantity;
        JsonNode v = injection.path("verification");
        if (v.isMissingNode() || v.path("verdict").asText("UNKNOWN").equals("UNKNOWN")) {
            return Reading.missing("the verification of '" + name + "' is UNKNOWN or absent");
        }
        if (q.field().equals("mismatches")) {
            return Reading.of(v.path("mismatches").size());
        }
        JsonNode count = v.path(q.field());
        return count.isNumber() ? Reading.of(count.asDouble())
                : Reading.missing("the verification of '" + name + "' has no " + q.field());
    }

    private Reading windowed(Quantity.Windowed q, String name) {
        JsonNode stats;
        String where = q.operation() + q.scope().suffix() + " in " + q.window() + " of '" + name + "'";
        switch (q.scope().kind()) {
            case ALL:
                stats = injection.path("windows").path(q.window()).path(q.operation());
                if (stats.isMissingNode()) {
                    for (JsonNode phase : injection.path("phases")) {
                        if (phase.path("name").asText().equals(q.window())) {
                            stats = phase.path("operations").path(q.operation());
                        }
                    }
                }
                break;
            case MIGRATED:
                stats = injection.path("tenants").path("migrated").path(q.operation()).path(q.window());
                break;
            case COLOCATED:
                stats = injection.path("tenants").path("colocated").path(q.operation()).path(q.window());
                break;
            default:
                return Reading.missing("report.json has no window of a named tenant (" + where + ")");
        }
        if (!stats.isObject()) {
            return Reading.missing("no samples of " + where);
        }
        long count = stats.path("count").asLong(0);
        Statistic s = q.statistic();
        switch (s) {
            case COUNT: return Reading.of(count);
            case ERRORS: return Reading.of(stats.path("errors").asLong(0));
            case THROUGHPUT: return number(stats, "throughputPerSec", where);
            default: break;
        }
        long needed = s == Statistic.P90 ? 10 : s == Statistic.P99 ? 100 : s == Statistic.P999 ? 1000 : 1;
        if (count < needed) {
            return Reading.missing("only " + count + " samples of " + where + "; " + s.function() + " needs at least "
                    + needed);
        }
        String field = s == Statistic.MAX ? "maxMs" : s.function() + "Ms";
        return number(stats, field, where);
    }

    private static Reading number(JsonNode stats, String field, String where) {
        JsonNode v = stats.path(field);
        return v.isNumber() ? Reading.of(v.asDouble()) : Reading.missing("no " + field + " of " + where);
    }
}
