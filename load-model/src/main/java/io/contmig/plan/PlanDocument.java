package io.contmig.plan;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The schema of {@code plan.json}, shared by its writer ({@link PlanJson}, the runner) and its readers (the
 * reports): the run's facts (id, harness version, wall clock of t=0, versions, machine), the resolved scenario's
 * sections, the window policy and the gates. Immutable.
 *
 * <p>The record is an open format (documented in the root README.md): reading tolerates {@code {}}, absent
 * fields (null / empty) and fields it does not know — top-level scalars written by other tools are kept in {@link #other} so that reports can
 * still show them among the run's conditions. The scenario sections that only a scenario reader interprets
 * ({@code sandbox}, {@code endpoints}, {@code tenants}, {@code load}, {@code injections}) are kept as trees in the
 * scenario's own shape.
 *
 * @param runId           the run's id; null when unknown
 * @param harnessVersion  contmig's version that made the run; null when unknown
 * @param wallClockAtZero ISO-8601 wall-clock time of t=0; null when unknown
 * @param name            the scenario's name
 * @param seed            the run's seed
 * @param duration        the load's duration in scenario syntax ({@code "240s"})
 * @param target          the target's label ({@code sandbox}, {@code sitewhere}); null when unknown
 * @param sandbox         the sandbox section (WAN delays) of a sandbox run
 * @param endpoints       the endpoints of a real target, passwords redacted
 * @param tenants         the tenants with their home site and device count
 * @param load            the load section
 * @param injections      the injection schedule
 * @param windows         the window policy; null means the defaults
 * @param gates           the gate expressions, in plan order; empty when none
 * @param versions        server and harness versions, e.g. {@code postgresql → 15.14}
 * @param machine         the machine that ran the run (cores, memory, OS)
 * @param other           top-level scalar fields this schema does not name (kept as text, sorted by name)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"runId", "harnessVersion", "wallClockAtZero", "name", "seed", "duration", "target", "sandbox",
        "endpoints", "tenants", "load", "injections", "windows", "gates", "versions", "machine"})
public record PlanDocument(String runId, String harnessVersion, String wallClockAtZero, String name, Long seed,
                           String duration, Target target, JsonNode sandbox, JsonNode endpoints, JsonNode tenants,
                           JsonNode load, JsonNode injections, Windows windows, List<Gate> gates,
                           Map<String, String> versions, Map<String, String> machine,
                           @JsonAnySetter Map<String, JsonNode> other) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public PlanDocument {
        gates = gates == null ? List.of() : List.copyOf(gates);
        versions = versions == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        machine = machine == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        Map<String, JsonNode> scalars = new TreeMap<>();
        if (other != null) {
            // Only scalars: a nested object of another tool has no place among one-line conditions.
            other.forEach((k, v) -> {
                if (v != null && v.isValueNode()) {
                    scalars.put(k, v);
                }
            });
        }
        other = Collections.unmodifiableMap(scalars);
    }

    /**
     * Reads a {@code plan.json} tree ({@code {}} gives an empty document).
     *
     * @throws IllegalArgumentException naming the field when a known field has the wrong shape
     */
    public static PlanDocument read(JsonNode tree) {
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            tree = JsonNodeFactory.instance.objectNode();
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("must hold a JSON object, found " + tree.getNodeType());
        }
        try {
            return JSON.treeToValue(tree, PlanDocument.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof com.fasterxml.jackson.databind.JsonMappingException m
                    ? m.getPathReference().replace("io.contmig.plan.", "") + ": " + m.getOriginalMessage()
                    : e.getMessage();
            throw new IllegalArgumentException(message, e);
        }
    }

    /**
     * This document with the run's facts: its id, contmig's version, the wall-clock time of t=0, the target that
     * ran (its label), the servers' versions ({@code contmig} first) and the machine.
     */
    public PlanDocument withRunFacts(String runId, String harnessVersion, java.time.Instant wallClockAtZero,
                                     String targetLabel, Map<String, String> serverVersions,
                                     Map<String, String> machine) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("contmig", harnessVersion);
        all.putAll(serverVersions);
        return new PlanDocument(runId, harnessVersion, wallClockAtZero.toString(), name, seed, duration,
                new Target(targetLabel),
                sandbox, endpoints, tenants, load, injections, windows, gates, all, machine, other);
    }

    /** The unnamed top-level scalars, written back at the end of the document. */
    @JsonAnyGetter
    Map<String, JsonNode> otherFields() {
        return other;
    }

    /** Hidden from the accessor-based serialisation: {@link #otherFields} writes these flat. */
    @Override
    @com.fasterxml.jackson.annotation.JsonIgnore
    public Map<String, JsonNode> other() {
        return other;
    }

    /** The target's label, or {@code ""} when the document names none. */
    public String targetLabel() {
        return target == null ? "" : target.label();
    }

    /**
     * A target as plan.json names it: a string ({@code "sandbox"}), or — from other tools — an object whose
     * {@code kind}, {@code type} or {@code name} (the first text one) is the label.
     *
     * @param label the label; {@code ""} when the object names none
     */
    public record Target(@JsonValue String label) {

        public Target {
            label = label == null ? "" : label;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Target of(JsonNode node) {
            if (node == null || node.isNull()) {
                return new Target("");
            }
            if (node.isValueNode()) {
                return new Target(node.asText());
            }
            for (String field : List.of("kind", "type", "name")) {
                if (node.path(field).isTextual()) {
                    return new Target(node.path(field).asText());
                }
            }
            return new Target("");
        }
    }

    /**
     * The window policy as written: durations in scenario syntax ({@code "20s"}, {@code "500ms"}), or — from other
     * tools — numbers of milliseconds or ISO-8601 ({@code PT20S}), kept as text; null fields take the defaults.
     */
    public record Windows(String baseline, String settle, String after) {
    }

    /**
     * One gate: its expression and the injection it is scoped to (null: every injection). Reads a bare string too
     * (older records); an entry that is neither gives an empty expression, which the judge reports as a syntax error.
     */
    public record Gate(String expression, String injection) {

        public Gate {
            expression = expression == null ? "" : expression;
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Gate of(JsonNode node) {
            if (node != null && node.isTextual()) {
                return new Gate(node.asText(), null);
            }
            if (node == null || !node.isObject()) {
                return new Gate("", null);
            }
            return new Gate(node.path("expression").isTextual() ? node.path("expression").asText() : "",
                    node.path("injection").isTextual() ? node.path("injection").asText() : null);
        }

        /** Written as {@code {"expression": ..., "injection": ...}}, the injection null when unscoped. */
        @JsonValue
        Map<String, String> json() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("expression", expression);
            m.put("injection", injection);
            return m;
        }
    }
}
