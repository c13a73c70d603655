package io.contmig.options;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Option values checked against their {@link OptionSpec}s, with every default applied. Immutable.
 *
 * <p>Built by {@link #validate}, which collects every problem (prefixed with the caller's path, e.g.
 * {@code injections[1].migration.options.slot}) instead of stopping at the first.
 */
public final class OptionValues {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private final Map<String, Object> values;

    private OptionValues(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** The values, defaults included, as typed objects ({@link Duration} for durations). */
    public Map<String, Object> asMap() {
        return values;
    }

    /** The value of {@code key}; fails when the key was not among the specs these values were validated against. */
    public <T> T get(OptionKey<T> key) {
        return key.cast(require(key.name()));
    }

    public String string(String name) { return (String) require(name); }
    public int integer(String name) { return ((Number) require(name)).intValue(); }
    public long longValue(String name) { return ((Number) require(name)).longValue(); }
    public double decimal(String name) { return ((Number) require(name)).doubleValue(); }
    public boolean bool(String name) { return (Boolean) require(name); }
    public Duration duration(String name) { return (Duration) require(name); }

    @Override
    public boolean equals(Object o) {
        return o instanceof OptionValues other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "OptionValues" + values;
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no option '" + name + "' (known: " + values.keySet() + ")");
        }
        return v;
    }

    /**
     * Checks {@code raw} (as parsed from YAML or {@code -D} properties) against {@code specs}.
     *
     * @param path     the scenario path of the options map, used as the prefix of every problem
     * @param problems receives one message per problem; the result is only meaningful when none were added
     */
    public static OptionValues validate(String path, Map<String, ?> raw, List<OptionSpec> specs, List<String> problems) {
        Map<String, OptionSpec> byName = new LinkedHashMap<>();
        specs.forEach(s -> byName.put(s.name(), s));
        for (String key : raw.keySet()) {
            if (!byName.containsKey(key)) {
                problems.add(path + "." + key + ": unknown option (known: " + String.join(", ", byName.keySet()) + ")");
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionSpec spec : specs) {
            String where = path + "." + spec.name();
            Object given = raw.get(spec.name());
            if (given == null) {
                if (spec.required()) {
                    problems.add(where + ": required option is missing");
                } else {
                    values.put(spec.name(), spec.defaultValue().get());
                }
                continue;
            }
            List<String> local = new ArrayList<>();
            Object value = convert(spec, given, where, local);
            problems.addAll(local);
            if (local.isEmpty()) {
                values.put(spec.name(), value);
            }
        }
        return new OptionValues(values);
    }

    private static Object convert(OptionSpec spec, Object given, String where, List<String> problems) {
        String text = String.valueOf(given).trim();
        try {
            Object value;
            double numeric = Double.NaN;
            switch (spec.type()) {
                case STRING -> value = text;
                case INT -> { int v = Integer.parseInt(text); numeric = v; value = v; }
                case LONG -> { long v = Long.parseLong(text); numeric = v; value = v; }
                case DOUBLE -> { double v = Double.parseDouble(text); numeric = v; value = v; }
                case BOOLEAN -> {
                    if (!text.equals("true") && !text.equals("false")) {
                        problems.add(where + ": '" + text + "' is not a boolean (expected true or false)");
                        return null;
                    }
                    value = Boolean.parseBoolean(text);
                }
                case DURATION -> {
                    Duration d = parseDuration(text);
                    if (d == null) {
                        problems.add(where + ": '" + text + "' is not a duration (e.g. 500ms, 2s, 1m)");
                        return null;
                    }
                    numeric = d.toMillis();
                    value = d;
                }
                case ENUM -> {
                    if (!spec.choices().contains(text)) {
                        problems.add(where + ": unknown '" + text + "' (expected one of: "
                                + String.join(", ", spec.choices()) + ")");
                        return null;
                    }
                    value = text;
                }
                default -> throw new IllegalStateException("unhandled type " + spec.type());
            }
            if (!Double.isNaN(numeric)) {
                String unit = spec.type() == OptionSpec.Type.DURATION ? "ms" : "";
                if (spec.min().isPresent() && numeric < spec.min().get()) {
                    problems.add(where + ": " + text + " must be >= " + fmt(spec.min().get()) + unit);
                }
                if (spec.max().isPresent() && numeric > spec.max().get()) {
                    problems.add(where + ": " + text + " must be <= " + fmt(spec.max().get()) + unit);
                }
            }
            if (spec.pattern().isPresent() && !spec.pattern().get().matcher(text).matches()) {
                problems.add(where + ": \"" + text + "\" must match " + spec.pattern().get().pattern());
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add(where + ": '" + text + "' is not " + (spec.type() == OptionSpec.Type.DOUBLE ? "a number" : "an integer"));
            return null;
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    /** Parses {@code 500ms}, {@code 2s}, {@code 1.5m}, {@code 1h}, or a bare number of milliseconds; null if malformed or negative. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "s" -> amount * 1_000;
            case "m" -> amount * 60_000;
            default -> amount * 3_600_000;
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
}
