package io.contmig.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The override-path language of {@code -Dcontmig.<path>=<value>}: dotted keys, list elements by index
 * ({@code tenants[0].devices}, an index equal to the size appends) or by name for lists of named elements
 * ({@code tenants.acme.devices}); the value is read as YAML, so {@code 7} is a number and {@code 90s} a string.
 * Applied to the scenario tree before it is read, so an override is checked exactly like the YAML it replaces.
 * Stateless.
 */
final class OverridePaths {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private OverridePaths() {
    }

    /** Applies every override of {@code overrides} to {@code root}, in path order; problems name {@code contmig.<path>}. */
    static void applyAll(ObjectNode root, Overrides overrides, List<String> problems) {
        overrides.values().forEach((path, value) -> apply(root, path, value, problems));
    }

    /** Sets {@code value} at {@code path} in {@code root}, creating maps and appending list elements on the way. */

    static void apply(ObjectNode root, String path, String value, List<String> problems) {
        String where = "contmig." + path;
        List<Object> segments = segments(path);
        if (segments == null || !(segments.get(0) instanceof String)) {
            problems.add(where + ": malformed override path (expected e.g. tenants[0].devices or tenants.acme.devices)");
            return;
        }
        JsonNode container = root;
        String walked = "";
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (container instanceof ObjectNode object && segment instanceof String key) {
                if (last) {
                    object.set(key, overrideValue(value));
                    return;
                }
                JsonNode next = object.get(key);
                if (next == null || next.isNull()) {
                    next = segments.get(i + 1) instanceof Integer
                            ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
                    object.set(key, next);
                }
                container = next;
            } else if (container instanceof ArrayNode array && segment instanceof Integer index) {
                if (index > array.size()) {
                    problems.add(where + ": index " + index + " is out of range (" + walked + " has " + array.size()
                            + " elements; index " + array.size() + " appends one)");
                    return;
                }
                if (last) {
                    if (index == array.size()) {
                        array.add(overrideValue(value));
                    } else {
                        array.set(index, overrideValue(value));
                    }
                    return;
                }
                if (index == array.size()) {
                    array.add(JsonNodeFactory.instance.objectNode());
                }
                container = array.get(index);
            } else if (container instanceof ArrayNode array && segment instanceof String name && !last) {
                JsonNode found = null;
                for (JsonNode element : array) {
                    if (element.isObject() && name.equals(element.path("name").asText(null))) {
                        found = element;
                    }
                }
                if (found == null) {
                    problems.add(where + ": no element named '" + name + "' in " + walked);
                    return;
                }
                container = found;
            } else {
                problems.add(where + ": " + (walked.isEmpty() ? "the scenario" : walked) + " is "
                        + (container.isArray() ? "a list (use [index], or an element's name followed by a field)"
                        : "not a map"));
                return;
            }
            walked = segment instanceof Integer ? walked + "[" + segment + "]"
                    : walked.isEmpty() ? (String) segment : walked + "." + segment;
        }
    }

    /** {@code a.b[0].c} → [a, b, 0, c]; null when malformed. */
    static List<Object> segments(String path) {
        List<Object> segments = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            if (path.charAt(i) == '[') {
                int close = path.indexOf(']', i);
                if (close < 0 || !path.substring(i + 1, close).matches("\\d{1,9}")) {
                    return null;
                }
                segments.add(Integer.valueOf(path.substring(i + 1, close)));
                i = close + 1;
            } else {
                int j = i;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                if (j == i) {
                    return null;
                }
                segments.add(path.substring(i, j));
                i = j;
            }
            if (i < n && path.charAt(i) == '.') {
                i++;
                if (i == n) {
                    return null;
                }
            } else if (i < n && path.charAt(i) != '[') {
                return null;
            }
        }
        return segments.isEmpty() ? null : segments;
    }

    /** An override's value read as YAML (so {@code 7} is a number), or as plain text when it is not YAML. */
    static JsonNode overrideValue(String value) {
        try {
            JsonNode node = YAML.readTree(value);
            return node == null || node.isMissingNode() ? TextNode.valueOf(value) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(value);
        }
    }
}
