package io.contmig.options;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A typed option key, declared once per extension as a constant and used both to declare the option
 * ({@link #spec()}, which the plan validates scenarios against and the listing documents) and to read its value
 * ({@link OptionValues#get(OptionKey)}). Immutable: every builder method returns a new key.
 *
 * <pre>{@code
 * static final OptionKey<Duration> LAG = OptionKey.duration("lagThreshold").defaultValue(Duration.ofMillis(500))
 *         .min(Duration.ZERO).doc("Replication lag at which the cutover starts.");
 * List<OptionSpec> options() { return OptionKey.specs(LAG); }
 * Injector create(InjectionSpec spec, OptionValues o) { return new MyMigration(spec, o.get(LAG)); }
 * }</pre>
 *
 * @param valueType the Java type of the value ({@link Duration}, {@link Integer}, ...)
 * @param spec      the declaration (name, type, default, bounds, doc)
 * @param <T>       the value type
 */
public record OptionKey<T>(Class<T> valueType, OptionSpec spec) {

    public OptionKey {
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(spec, "spec");
    }

    public static OptionKey<String> string(String name) { return new OptionKey<>(String.class, OptionSpec.string(name)); }
    public static OptionKey<Integer> integer(String name) { return new OptionKey<>(Integer.class, OptionSpec.integer(name)); }
    public static OptionKey<Long> longValue(String name) { return new OptionKey<>(Long.class, OptionSpec.longValue(name)); }
    public static OptionKey<Double> decimal(String name) { return new OptionKey<>(Double.class, OptionSpec.decimal(name)); }
    public static OptionKey<Boolean> bool(String name) { return new OptionKey<>(Boolean.class, OptionSpec.bool(name)); }
    public static OptionKey<Duration> duration(String name) { return new OptionKey<>(Duration.class, OptionSpec.duration(name)); }

    /** A string restricted to {@code choices}. */
    public static OptionKey<String> oneOf(String name, String... choices) {
        return new OptionKey<>(String.class, OptionSpec.oneOf(name, choices));
    }

    /** The specs of {@code keys}, in that order: what an extension's {@code options()} returns. */
    public static List<OptionSpec> specs(OptionKey<?>... keys) {
        return Arrays.stream(keys).map(OptionKey::spec).toList();
    }

    public String name() {
        return spec.name();
    }

    public OptionKey<T> defaultValue(T value) {
        return new OptionKey<>(valueType, spec.defaultValue(valueType.cast(Objects.requireNonNull(value, "value"))));
    }

    public OptionKey<T> min(double bound) { return new OptionKey<>(valueType, spec.min(bound)); }
    public OptionKey<T> min(Duration bound) { return new OptionKey<>(valueType, spec.min(bound)); }
    public OptionKey<T> max(double bound) { return new OptionKey<>(valueType, spec.max(bound)); }
    public OptionKey<T> max(Duration bound) { return new OptionKey<>(valueType, spec.max(bound)); }
    public OptionKey<T> matching(String regex) { return new OptionKey<>(valueType, spec.matching(regex)); }
    public OptionKey<T> doc(String sentence) { return new OptionKey<>(valueType, spec.doc(sentence)); }

    /** {@code value} (as validated by {@link OptionValues}) as a {@code T}; numbers are widened or narrowed. */
    T cast(Object value) {
        if (value instanceof Number n && Number.class.isAssignableFrom(valueType) && !valueType.isInstance(value)) {
            Object converted = valueType == Integer.class ? Integer.valueOf(n.intValue())
                    : valueType == Long.class ? Long.valueOf(n.longValue()) : Double.valueOf(n.doubleValue());
            return valueType.cast(converted);
        }
        return valueType.cast(value);
    }
}
