package io.contmig.runner.study;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.contmig.plan.GateSyntax;
import io.contmig.plan.Overrides;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code study.yaml} into a {@link Study}, collecting every problem with its path (as the scenario reader
 * does): unknown keys, wrong types, {@code trials} below 1, both or neither of {@code cells} and {@code vary},
 * cell names (unique, {@link #CELL_NAME}), override paths whose first segment is not a scenario key, empty value
 * lists, and SLO syntax (contmig's gate grammar, {@link GateSyntax#PARSER}). What the overrides mean is checked
 * later, when each cell's plan is resolved ({@link StudyResolver}). Stateless apart from one problem list per call.
 *
 * <pre>
 * name: pg-strategies
 * scenario: pg-move.yaml          # relative to the study file; absent = the shipped default scenario
 * trials: 5                       # [3]
 * cells:
 *   - { name: stop-and-copy, set: { injections.move.migration.strategy: stop-and-copy } }
 * # or vary: { injections.move.migration.options.copyRowsPerSecond: [0, 5000, 20000] }   (cartesian product)
 * slo:
 *   - "lost == 0"
 *   - { expression: "p99(mqtt.e2e@migrated, during) &lt;= 3 * p99(mqtt.e2e@migrated, before)", injection: move }
 * isolation: warm                 # [warm]: one sandbox reset between trials; cold: a fresh sandbox per trial
 * </pre>
 */
public final class StudyReader {

    /** The top-level keys of a study. */
    public static final List<String> KEYS = List.of("name", "scenario", "trials", "cells", "vary", "slo",
            "isolation");

    /** Cell names: they become part of run ids (directory names). */
    public static final Pattern CELL_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,55}$");

    /** Trials per cell when {@code trials} is absent. */
    public static final int DEFAULT_TRIALS = 3;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<String> problems = new ArrayList<>();

    private StudyReader() {
    }

    /**
     * Reads {@code yaml}; a relative {@code scenario} is resolved against {@code folder} (the study file's folder).
     *
     * @throws StudyException listing every problem found
     */
    public static Study read(String yaml, Path folder) throws StudyException {
        StudyReader reader = new StudyReader();
        Study study = reader.study(yaml, folder);
        if (!reader.problems.isEmpty() || study == null) {
            throw new StudyException(reader.problems.isEmpty() ? List.of("study: could not be read") : reader.problems);
        }
        return study;
    }

    private Study study(String yaml, Path folder) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            problems.add("study: not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add("study: expected a map with " + String.join(", ", KEYS));
            return null;
        }
        unknownKeys(root, "", KEYS);
        String name = text(root.get("name"), "name").orElse(null);
        if (name == null) {
            problems.add("name: required");
        } else if (!io.contmig.plan.BenchPlan.NAME.matcher(name).matches()) {
            problems.add("name: '" + name + "' must match " + io.contmig.plan.BenchPlan.NAME.pattern());
        }
        Optional<Path> scenario = text(root.get("scenario"), "scenario").map(s -> folder.resolve(s).normalize());
        int trials = DEFAULT_TRIALS;
        JsonNode t = root.get("trials");
        if (t != null && !t.isNull()) {
            if (!t.canConvertToInt() || !t.isIntegralNumber()) {
                problems.add("trials: expected a whole number, got " + describe(t));
            } else if (t.asInt() < 1) {
                problems.add("trials: " + t.asInt() + " must be >= 1");
            } else {
                trials = t.asInt();
            }
        }
        List<StudyCell> cells = cells(root.get("cells"), root.get("vary"));
        List<Study.Slo> slo = slo(root.get("slo"));
        String isolation = text(root.get("isolation"), "isolation").orElse(Study.WARM);
        if (!Study.ISOLATIONS.contains(isolation)) {
            problems.add("isolation: unknown '" + isolation + "' (expected one of: " + String.join(", ", Study.ISOLATIONS)
                    + ")");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Study(name, scenario, trials, cells, slo, isolation);
    }

    private List<StudyCell> cells(JsonNode cellsNode, JsonNode varyNode) {
        boolean hasCells = cellsNode != null && !cellsNode.isNull();
        boolean hasVary = varyNode != null && !varyNode.isNull();
        if (hasCells == hasVary) {
            problems.add("cells, vary: give exactly one of them (explicit cells, or value lists to sweep)");
            return List.of();
        }
        List<StudyCell> cells = hasCells ? explicitCells(cellsNode) : sweep(varyNode);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < cells.size(); i++) {
            String cellName = cells.get(i).name();
            if (!seen.add(cellName)) {
                problems.add((hasCells ? "cells[" + i + "].name" : "vary") + ": duplicate cell name '" + cellName + "'");
            }
        }
        return cells;
    }

    private List<StudyCell> explicitCells(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            problems.add("cells: expected a non-empty list of {name, set}, got " + describe(node));
            return List.of();
        }
        List<StudyCell> cells = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String p = "cells[" + i + "]";
            JsonNode c = node.get(i);
            if (!c.isObject()) {
                problems.add(p + ": expected a map {name, set}, got " + describe(c));
                continue;
            }
            unknownKeys(c, p, List.of("name", "set"));
            Optional<String> cellName = text(c.get("name"), p + ".name");
            if (cellName.isEmpty()) {
                problems.add(p + ".name: required");
            } else if (!CELL_NAME.matcher(cellName.get()).matches()) {
                problems.add(p + ".name: '" + cellName.get() + "' must match " + CELL_NAME.pattern());
            }
            Map<String, String> set = new LinkedHashMap<>();
            JsonNode s = c.get("set");
            if (s != null && !s.isNull()) {
                if (!s.isObject()) {
                    problems.add(p + ".set: expected a map of override paths to values, got " + describe(s));
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (checkPath(p + ".set." + e.getKey(), e.getKey())) {
                            set.put(e.getKey(), valueText(e.getValue()));
                        }
                    }
                }
            }
            cellName.ifPresent(n -> cells.add(new StudyCell(n, set)));
        }
        return cells;
    }

    /** The cartesian product of {@code vary}'s value lists; the first path varies slowest. */
    private List<StudyCell> sweep(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            problems.add("vary: expected a map of override paths to value lists, got " + describe(node));
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        List<List<JsonNode>> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = "vary." + e.getKey();
            boolean pathOk = checkPath(p, e.getKey());
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                problems.add(p + ": expected a non-empty list of values, got " + describe(e.getValue()));
                continue;
            }
            if (pathOk) {
                List<JsonNode> list = new ArrayList<>();
                e.getValue().forEach(list::add);
                paths.add(e.getKey());
                values.add(list);
            }
        }
        List<StudyCell> cells = new ArrayList<>();
        if (paths.isEmpty()) {
            return cells;
        }
        int[] index = new int[paths.size()];
        while (true) {
            Map<String, String> set = new LinkedHashMap<>();
            List<String> nameParts = new ArrayList<>();
            for (int k = 0; k < paths.size(); k++) {
                String value = valueText(values.get(k).get(index[k]));
                set.put(paths.get(k), value);
                String path = paths.get(k);
                nameParts.add(path.substring(path.lastIndexOf('.') + 1) + "-" + value);
            }
            String cellName = String.join("_", nameParts).replaceAll("[^A-Za-z0-9._-]", "-");
            if (!CELL_NAME.matcher(cellName).matches()) {
                cellName = "cell" + (cells.size() + 1);
            }
            cells.add(new StudyCell(cellName, set));
            int k = paths.size() - 1;
            while (k >= 0 && ++index[k] == values.get(k).size()) {
                index[k] = 0;
                k--;
            }
            if (k < 0) {
                return cells;
            }
        }
    }

    private List<Study.Slo> slo(JsonNode node) {
        List<Study.Slo> slo = new ArrayList<>();
        if (node == null || node.isNull()) {
            return slo;
        }
        if (!node.isArray()) {
            problems.add("slo: expected a list of gate expressions, got " + describe(node));
            return slo;
        }
        for (int i = 0; i < node.size(); i++) {
            String p = "slo[" + i + "]";
            JsonNode s = node.get(i);
            String expression;
            String injection = "";
            if (s.isTextual()) {
                expression = s.asText();
            } else if (s.isObject()) {
                unknownKeys(s, p, List.of("expression", "injection"));
                p = p + ".expression";
                expression = text(s.get("expression"), p).orElse(null);
                injection = text(s.get("injection"), "slo[" + i + "].injection").orElse("");
                if (expression == null) {
                    problems.add(p + ": required");
                    continue;
                }
            } else {
                problems.add(p + ": expected a gate expression or {expression, injection}, got " + describe(s));
                continue;
            }
            Optional<String> syntax = GateSyntax.PARSER.problem(expression);
            if (syntax.isPresent()) {
                problems.add(p + ": " + syntax.get());
                continue;
            }
            if (io.contmig.gate.Gate.parse(expression).readsBaseline()) {
                // A trial has no baseline run: such an SLO would be UNKNOWN in every trial, so no cell could meet it.
                problems.add(p + ": an SLO cannot read a baseline run (baseline.): a study compares its cells with each"
                        + " other; compare two studies with contmig:compare");
                continue;
            }
            slo.add(new Study.Slo(expression.trim(), injection));
        }
        return slo;
    }

    private boolean checkPath(String where, String path) {
        String first = path.split("[.\\[]", 2)[0];
        if (!Overrides.SCENARIO_KEYS.contains(first)) {
            problems.add(where + ": not a scenario path (its first segment must be one of: "
                    + String.join(", ", Overrides.SCENARIO_KEYS) + ")");
            return false;
        }
        return true;
    }

    /** An override value as the text {@code -Dcontmig.<path>=} would carry (maps and lists as JSON, which is YAML). */
    private static String valueText(JsonNode value) {
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private Optional<String> text(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            problems.add(path + ": expected a string, got " + describe(node));
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }

    private void unknownKeys(JsonNode object, String path, List<String> known) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add((path.isEmpty() ? key : path + "." + key) + ": unknown key (known: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a map";
        }
        if (node.isArray()) {
            return "a list";
        }
        return "'" + node.asText() + "'";
    }
}
