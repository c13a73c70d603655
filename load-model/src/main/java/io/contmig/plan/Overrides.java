package io.contmig.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Scenario values given as {@code -Dcontmig.<path>=<value>}, applied over the YAML before validation. Immutable.
 *
 * <p>Paths are dotted, with list elements by index or, for lists of named elements (tenants, injections,
 * {@code load.rest}), by name: {@code contmig.seed=7}, {@code contmig.duration=90s},
 * {@code contmig.tenants[0].devices=10}, {@code contmig.tenants.acme.devices=10},
 * {@code contmig.load.mqtt.mix={measurement: 1, location: 0, alert: 0}}. A value is read as a YAML scalar or flow
 * value, so {@code 7} is a number and {@code 90s} a string. An index equal to the list's size appends an element.
 *
 * <p>Only properties whose first path segment is a scenario key ({@link #SCENARIO_KEYS}) are overrides: the
 * {@code contmig.*} namespace also holds harness settings such as {@code contmig.scenario} or
 * {@code contmig.runDir}, which are not part of the scenario and are ignored here.
 *
 * @param values path (without {@code contmig.}) → value text, applied in path order
 */
public record Overrides(Map<String, String> values) {

    /** The top-level keys of a scenario. */
    public static final List<String> SCENARIO_KEYS = List.of("name", "seed", "duration", "target", "sandbox",
            "endpoints", "tenants", "load", "injections", "windows", "gates");

    public static final Overrides NONE = new Overrides(Map.of());

    public Overrides {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The overrides among {@code properties} (e.g. {@link System#getProperties()}). */
    public static Overrides fromProperties(Properties properties) {
        Map<String, String> found = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("contmig.")) {
                String path = key.substring("contmig.".length());
                if (SCENARIO_KEYS.contains(firstSegment(path))) {
                    found.put(path, properties.getProperty(key));
                }
            }
        }
        return new Overrides(found);
    }

    /** Overrides from {@code path → value} pairs (paths without {@code contmig.}). */
    public static Overrides of(Map<String, String> values) {
        return new Overrides(values);
    }

    private static String firstSegment(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[') {
                end = i;
                break;
            }
        }
        return path.substring(0, end);
    }
}
