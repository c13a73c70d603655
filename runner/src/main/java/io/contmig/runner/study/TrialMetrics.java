package io.contmig.runner.study;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-trial figures a study compares, read from one run's {@code report.json} — generically, so that a figure a
 * newer report adds flows into studies without an edit here. Names are {@code <injection>.<metric>}:
 * <ul>
 *   <li>{@code durationMs} (end − start), {@code phaseMs.<phase>} (each phase's length);</li>
 *   <li>for every operation {@code <op>} of the migrated and co-located tenant groups ({@code mqtt.e2e},
 *       {@code mqtt.freshness}, {@code hop.*}, {@code rest.*}, ...; failures {@code .ko} excluded):
 *       {@code <op>.p50Ms.during@migrated}, {@code <op>.p99Ms.during@migrated} and the ratios to before
 *       {@code <op>.p50Ratio@migrated}, {@code <op>.p99Ratio@migrated} (during ÷ before), the same {@code @colocated};</li>
 *   <li>{@code lost}, {@code duplicated} from the verification (absent when it is UNKNOWN: placeholders are not
 *       findings);</li>
 *   <li>every other number of the injection object, flattened: {@code downtimeMs.<op>}, {@code writeBlockMs},
 *       {@code writeBlock.<field>}, ... ({@code startMs}, {@code endMs} and the structural sections excepted).</li>
 * </ul>
 * A ratio whose before value is 0 or missing is absent, not infinite. Stateless.
 */
public final class TrialMetrics {

    /** The sections of an injection read specially (or not at all), not flattened. */
    private static final List<String> STRUCTURAL = List.of("phases", "windows", "windowSpans", "tenants", "verification",
            "startMs", "endMs");
    private static final List<String> GROUPS = List.of("migrated", "colocated");

    private TrialMetrics() {
    }

    /** Every figure of {@code report} (a parsed {@code report.json}), sorted by name. */
    public static Map<String, Double> extract(JsonNode report) {
        Map<String, Double> out = new TreeMap<>();
        for (JsonNode inj : report.path("injections")) {
            String name = inj.path("name").asText("");
            if (name.isEmpty()) {
                continue;
            }
            String p = name + ".";
            if (inj.path("startMs").isNumber() && inj.path("endMs").isNumber()) {
                out.put(p + "durationMs", inj.path("endMs").asDouble() - inj.path("startMs").asDouble());
            }
            for (JsonNode phase : inj.path("phases")) {
                if (phase.path("startMs").isNumber() && phase.path("endMs").isNumber()) {
                    out.put(p + "phaseMs." + phase.path("name").asText(),
                            phase.path("endMs").asDouble() - phase.path("startMs").asDouble());
                }
            }
            for (String group : GROUPS) {
                JsonNode ops = inj.path("tenants").path(group);
                for (Iterator<Map.Entry<String, JsonNode>> it = ops.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = it.next();
                    if (op.getKey().endsWith(".ko")) {
                        continue;
                    }
                    latency(out, p + op.getKey(), "@" + group, op.getValue());
                }
            }
            JsonNode v = inj.path("verification");
            if (!v.path("verdict").asText("").equals("UNKNOWN")) {
                for (String field : List.of("lost", "duplicated")) {
                    if (v.path(field).isNumber()) {
                        out.put(p + field, v.path(field).asDouble());
                    }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = inj.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!STRUCTURAL.contains(e.getKey())) {
                    flatten(out, p + e.getKey(), e.getValue(), 2);
                }
            }
        }
        return out;
    }

    private static void latency(Map<String, Double> out, String prefix, String group, JsonNode windows) {
        JsonNode before = windows.path("before");
        JsonNode during = windows.path("during");
        for (String stat : List.of("p50", "p99")) {
            JsonNode d = during.path(stat + "Ms");
            if (!d.isNumber() || during.path("count").asLong(0) == 0) {
                continue;
            }
            out.put(prefix + "." + stat + "Ms.during" + group, d.asDouble());
            JsonNode b = before.path(stat + "Ms");
            if (b.isNumber() && b.asDouble() > 0 && before.path("count").asLong(0) > 0) {
                out.put(prefix + "." + stat + "Ratio" + group, d.asDouble() / b.asDouble());
            }
        }
    }

    private static void flatten(Map<String, Double> out, String name, JsonNode node, int depth) {
        if (node.isNumber()) {
            out.put(name, node.asDouble());
        } else if (node.isObject() && depth > 0) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(out, name + "." + e.getKey(), e.getValue(), depth - 1);
            }
        }
    }
}
