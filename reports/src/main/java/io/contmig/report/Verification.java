package io.contmig.report;

import io.contmig.gate.Verdict;

import java.util.List;
import java.util.Objects;

/**
 * The verifier's result for one injection, read from {@code verification/<injection>.json}.
 *
 * @param present    whether the file exists; when not, the verdict is UNKNOWN and the counts are -1
 * @param verdict    the verifier's verdict
 * @param checked    events checked
 * @param lost       events acknowledged but not found
 * @param duplicated events found more than once
 * @param mismatches the verifier's mismatch descriptions, as given
 */
public record Verification(boolean present, Verdict verdict, long checked, long lost, long duplicated,
                           List<String> mismatches) {

    public Verification {
        Objects.requireNonNull(verdict, "verdict");
        mismatches = List.copyOf(mismatches);
    }

    /** No verification file for the injection. */
    public static Verification missing() {
        return new Verification(false, Verdict.UNKNOWN, -1, -1, -1, List.of());
    }
}
