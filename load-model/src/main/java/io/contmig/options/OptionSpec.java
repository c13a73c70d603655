package io.contmig.options;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One option an extension (an injector, a load driver) declares as data, so that a plan is validated before
 * anything starts and the docs are generated from the same specs. Immutable: every {@code with*} / builder method
 * returns a new instance.
 *
 * <pre>{@code
 * OptionSpec.duration("lagThreshold").defaultValue(Duration.ofMillis(500)).min(Duration.ZERO)
 *           .doc("Replication lag at which the cutover starts.")
 * }</pre>
 *
 * @param name         the key in the scenario's {@code options} map
 * @param type         its value type
 * @param defaultValue the value when unset; empty means the option is required
 * @param min          inclusive lower bound for numbers and durations, if any
 * @param max          inclusive upper bound for numbers and durations, if any
 * @param pattern      a regular expression a string must match, if any
 * @param choices      the allowed values of an {@link Type#ENUM}
 * @param doc          one sentence for the generated docs
 */
public record OptionSpec(String name, Type type, Optional<Object> defaultValue, Optional<Double> min,
                         Optional<Double> max, Optional<Pattern> pattern, List<String> choices, String doc) {

    /** Value types; a duration is written {@code 500ms}, {@code 2s}, {@code 1m} or as a number of milliseconds. */
    public enum Type { STRING, INT, LONG, DOUBLE, BOOLEAN, DURATION, ENUM }

    public OptionSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-zA-Z][a-zA-Z0-9]*")) {
            throw new IllegalArgumentException("option name '" + name + "' must be camelCase letters and digits");
        }
        choices = List.copyOf(choices);
        if (type == Type.ENUM && choices.isEmpty()) {
            throw new IllegalArgumentException("option '" + name + "': an ENUM needs choices");
        }
        doc = doc == null ? "" : doc;
    }

    private static OptionSpec of(String name, Type type) {
        return new OptionSpec(name, type, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(), "");
    }

    public static OptionSpec string(String name) { return of(name, Type.STRING); }
    public static OptionSpec integer(String name) { return of(name, Type.INT); }
    public static OptionSpec longValue(String name) { return of(name, Type.LONG); }
    public static OptionSpec decimal(String name) { return of(name, Type.DOUBLE); }
    public static OptionSpec bool(String name) { return of(name, Type.BOOLEAN); }
    public static OptionSpec duration(String name) { return of(name, Type.DURATION); }

    public static OptionSpec oneOf(String name, String... choices) {
        return new OptionSpec(name, Type.ENUM, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(choices), "");
    }

    public OptionSpec defaultValue(Object value) {
        return new OptionSpec(name, type, Optional.of(value), min, max, pattern, choices, doc);
    }

    public OptionSpec min(double bound) {
        return new OptionSpec(name, type, defaultValue, Optional.of(bound), max, pattern, choices, doc);
    }

    public OptionSpec min(Duration bound) {
        return min((double) bound.toMillis());
    }

    public OptionSpec max(double bound) {
        return new OptionSpec(name, type, defaultValue, min, Optional.of(bound), pattern, choices, doc);
    }

    public OptionSpec max(Duration bound) {
        return max((double) bound.toMillis());
    }

    public OptionSpec matching(String regex) {
        return new OptionSpec(name, type, defaultValue, min, max, Optional.of(Pattern.compile(regex)), choices, doc);
    }

    public OptionSpec doc(String sentence) {
        return new OptionSpec(name, type, defaultValue, min, max, pattern, choices, sentence);
    }

    /** Whether a value must be given (no default). */
    public boolean required() {
        return defaultValue.isEmpty();
    }

    /** A short description for generated docs, e.g. {@code lagThreshold (duration, default 500ms)}. */
    public String describe() {
        String dflt = defaultValue.map(v -> v instanceof Duration d ? d.toMillis() + "ms" : String.valueOf(v))
                .orElse("required");
        return String.format(Locale.ROOT, "%s (%s, %s)%s", name, type.name().toLowerCase(Locale.ROOT),
                defaultValue.isPresent() ? "default " + dflt : dflt, doc.isEmpty() ? "" : ": " + doc);
    }
}
