package io.contmig.plan;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The primitive readers of a scenario tree, shared by the section readers ({@link TargetReader},
 * {@link TenantsReader}, {@link LoadReader}, {@link InjectionsReader}, {@link WindowsReader}, {@link GatesReader}):
 * each reports its own problem, prefixed with the value's path, into the shared list and returns empty/null on a
 * bad value, so that one pass finds every problem. Not thread-safe: one set of readers per resolve.
 */
class NodeReader {

    final List<String> problems;

    NodeReader(List<String> problems) {
        this.problems = Objects.requireNonNull(problems, "problems");
    }


    ObjectNode object(JsonNode node, String path, List<String> known) {
        if (!present(node)) {
            return null;
        }
        if (!(node instanceof ObjectNode object)) {
            problems.add(path + ": expected a map, got " + describe(node));
            return null;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(child(path, key) + ": unknown key (known: " + String.join(", ", known) + ")");
            }
        }
        return object;
    }

    List<JsonNode> list(JsonNode node, String path) {
        if (!present(node)) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(path + ": expected a list, got " + describe(node));
            return List.of();
        }
        List<JsonNode> elements = new ArrayList<>();
        node.forEach(elements::add);
        return elements;
    }

    Optional<String> text(ObjectNode o, String path, String key) {
        JsonNode v = o == null ? null : o.get(key);
        if (!present(v)) {
            return Optional.empty();
        }
        if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
            problems.add(child(path, key) + ": expected a string, got " + describe(v));
            return Optional.empty();
        }
        return Optional.of(v.asText());
    }

    String required(ObjectNode o, String path, String key) {
        JsonNode v = o == null ? null : o.get(key);
        if (!present(v)) {
            problems.add(child(path, key) + ": required");
            return null;
        }
        Optional<String> text = text(o, path, key);
        if (text.isPresent() && text.get().isBlank()) {
            problems.add(child(path, key) + ": must not be empty");
            return null;
        }
        return text.orElse(null);
    }

    Optional<String> choice(ObjectNode o, String path, String key, List<String> choices) {
        Optional<String> v = text(o, path, key);
        if (v.isPresent() && !choices.contains(v.get())) {
            problems.add(child(path, key) + ": unknown '" + v.get() + "' (expected one of: "
                    + String.join(", ", choices) + ")");
            return Optional.empty();
        }
        return v;
    }

    Optional<Long> integer(ObjectNode o, String path, String key) {
        JsonNode v = o == null ? null : o.get(key);
        if (!present(v)) {
            return Optional.empty();
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return Optional.of(v.asLong());
        }
        if (v.isTextual()) {
            try {
                return Optional.of(Long.parseLong(v.asText().trim()));
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(child(path, key) + ": expected an integer, got " + describe(v));
        return Optional.empty();
    }

    Optional<Double> number(ObjectNode o, String path, String key) {
        JsonNode v = o == null ? null : o.get(key);
        if (!present(v)) {
            return Optional.empty();
        }
        if (v.isNumber()) {
            return Optional.of(v.asDouble());
        }
        if (v.isTextual()) {
            try {
                double d = Double.parseDouble(v.asText().trim());
                if (Double.isFinite(d)) {
                    return Optional.of(d);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problems.add(child(path, key) + ": expected a number, got " + describe(v));
        return Optional.empty();
    }

    /** A number that must be >= 0 (rates, shares, multipliers, bandwidth). */
    Optional<Double> rate(ObjectNode o, String path, String key) {
        Optional<Double> v = number(o, path, key);
        if (v.isPresent() && !(v.get() >= 0)) {
            problems.add(child(path, key) + ": " + Plans.number(v.get()) + " must be >= 0");
            return Optional.empty();
        }
        return v;
    }

    Double requiredRate(ObjectNode o, String path, String key) {
        if (!present(o.get(key))) {
            problems.add(child(path, key) + ": required");
            return null;
        }
        return rate(o, path, key).orElse(null);
    }

    Optional<Duration> duration(ObjectNode o, String path, String key) {
        JsonNode v = o == null ? null : o.get(key);
        if (!present(v)) {
            return Optional.empty();
        }
        String where = child(path, key);
        if (v.isNumber()) {
            double millis = v.asDouble();
            if (millis < 0) {
                problems.add(where + ": " + Plans.number(millis) + " must not be negative");
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(Math.round(millis * 1_000_000)));
        }
        if (!v.isTextual()) {
            problems.add(where + ": expected a duration (e.g. 500ms, 2s, 1m), got " + describe(v));
            return Optional.empty();
        }
        String text = v.asText().trim();
        if (text.startsWith("-")) {
            problems.add(where + ": '" + text + "' must not be negative");
            return Optional.empty();
        }
        Duration d = OptionValues.parseDuration(text);
        if (d == null) {
            problems.add(where + ": '" + text + "' is not a duration (e.g. 500ms, 2s, 1m, 1h)");
            return Optional.empty();
        }
        return Optional.of(d);
    }

    <T> T build(String path, Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            problems.add(path + ": " + e.getMessage());
            return null;
        }
    }

    static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    /** A key as it can stand in a path: plain names as they are, any other key JSON-quoted (so it cannot pose as one). */
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_@.-]+");

    static String child(String path, String key) {
        String segment = PLAIN_KEY.matcher(key).matches() ? key
                : '"' + new String(JsonStringEncoder.getInstance().quoteAsString(key)) + '"';
        return path.isEmpty() || path.equals("scenario") ? segment : path + "." + segment;
    }

    static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a map";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isTextual()) {
            return "'" + v.asText() + "'";
        }
        return v.toString();
    }
}
