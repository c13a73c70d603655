package io.contmig.report;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One window of an injection (before, during, after or a phase) and the statistics of every operation that
 * had samples in it, keyed by operation tag (without tenant), sorted.
 *
 * @param name       {@code before}, {@code during}, {@code after} or the phase name
 * @param startMs    start, ms since t=0 (inclusive)
 * @param endMs      end, ms since t=0 (exclusive); equal to start for an empty window
 * @param operations per-operation statistics
 */
public record WindowResult(String name, double startMs, double endMs, Map<String, Stats> operations) {

    public WindowResult {
        Objects.requireNonNull(name, "name");
        if (endMs < startMs) {
            throw new IllegalArgumentException("window " + name + ": endMs (" + endMs + ") must be >= startMs (" + startMs + ")");
        }
        operations = Collections.unmodifiableMap(new TreeMap<>(operations));
    }

    public double lengthMs() {
        return endMs - startMs;
    }
}
