package io.contmig.record;

import java.util.Map;

/**
 * Where runner, load drivers and injectors announce what happens, stamped with the run clock.
 *
 * <p>Thread-safe: injectors mark from their own threads. Never on a hot path (each mark may do I/O).
 * An implementation that cannot write throws {@link java.io.UncheckedIOException}.
 */
public interface Timeline {

    /** Appends a mark of {@code kind} by {@code source}, stamped now, and returns it. */
    Mark mark(String kind, String source, Map<String, ?> attributes);

    default Mark mark(MarkKind kind, String source, Map<String, ?> attributes) {
        return mark(kind.label(), source, attributes);
    }
}
