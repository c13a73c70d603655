package io.contmig.inject;

import io.contmig.gate.Verdict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Verifier} found, written to {@code verification/<injection>.json} as
 * {@code {"verdict","checked","lost","duplicated","mismatches","details"}}. Immutable.
 *
 * @param verdict    {@code PASS} when nothing is lost or different, {@code FAIL} otherwise, {@code UNKNOWN} when it
 *                   could not be decided
 * @param checked    how many items (rows, points, messages) were compared
 * @param lost       items present on the source side and missing on the target
 * @param duplicated extra copies of items on the target (reported, never hidden)
 * @param mismatches one human-readable line per difference found (e.g. a table whose checksum differs)
 * @param details    further facts, e.g. per-table counts; values are strings, numbers, booleans, lists or maps
 */
public record VerificationResult(Verdict verdict, long checked, long lost, long duplicated,
                                 List<String> mismatches, Map<String, Object> details) {

    public VerificationResult {
        Objects.requireNonNull(verdict, "verdict");
        if (checked < 0) {
            throw new IllegalArgumentException("checked (" + checked + ") must be >= 0");
        }
        if (lost < 0) {
            throw new IllegalArgumentException("lost (" + lost + ") must be >= 0");
        }
        if (duplicated < 0) {
            throw new IllegalArgumentException("duplicated (" + duplicated + ") must be >= 0");
        }
        mismatches = List.copyOf(mismatches);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** A result that could not be decided, with the reason as its only mismatch line. */
    public static VerificationResult unknown(String reason) {
        return new VerificationResult(Verdict.UNKNOWN, 0, 0, 0, List.of(reason), Map.of());
    }
}
