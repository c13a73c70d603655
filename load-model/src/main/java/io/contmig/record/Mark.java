package io.contmig.record;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of {@code timeline.jsonl}: something that happened at {@code tMs} milliseconds after t=0.
 *
 * @param tMs        milliseconds since t=0 of the run clock
 * @param kind       the mark kind, e.g. {@link MarkKind#INJECTION_PHASE}'s label; records of other tools may use
 *                   kinds this version does not know, so this is a string
 * @param source     who wrote it: {@code runner}, {@code mqtt-fleet}, an injection's name, ...
 * @param attributes every other field of the line, in insertion order (strings, numbers, booleans)
 */
public record Mark(double tMs, String kind, String source, Map<String, Object> attributes) {

    public Mark {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The attribute {@code name} as a string, or {@code null} when absent. */
    public String attribute(String name) {
        Object value = attributes.get(name);
        return value == null ? null : value.toString();
    }

    /** Whether this mark is of the given kind. */
    public boolean is(MarkKind k) {
        return k.label().equals(kind);
    }
}
