package io.contmig.inject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Verifier} found — facts, not a verdict. Written to {@code verification/<injection>.json} as
 * {@code {"checked","what","lost","duplicated","mismatches","undecided","details"}} ({@code undecided} only when
 * set); the reports module alone turns these facts into PASS / FAIL / UNKNOWN (see its README table). Immutable.
 *
 * @param checked    how many items (rows, points, messages) were compared; 0 when nothing was
 * @param what       what those items are and where they were compared, e.g. "rows of tenant acme's tables, cloud vs edge"
 * @param lost       items present on the source side and missing on the target
 * @param duplicated extra copies of items on the target (reported, never hidden)
 * @param mismatches one human-readable line per difference found (e.g. a table whose checksum differs); a verifier
 *                   lists every kind of difference here, so an empty list with {@code lost == 0} means none was seen
 * @param undecided  why the comparison could not be made (a server unreachable, the injection failed before its
 *                   switch); {@code ""} when it was made
 * @param details    further facts, e.g. per-table counts; values are strings, numbers, booleans, lists or maps
 */
public record VerificationResult(long checked, String what, long lost, long duplicated, List<String> mismatches,
                                 String undecided, Map<String, Object> details) {

    public VerificationResult {
        requireCount("checked", checked);
        requireCount("lost", lost);
        requireCount("duplicated", duplicated);
        Objects.requireNonNull(what, "what");
        Objects.requireNonNull(undecided, "undecided");
        mismatches = List.copyOf(mismatches);
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    private static void requireCount(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " (" + value + ") must be >= 0");
        }
    }

    /** A comparison that was made: {@code checked} items of {@code what}, with what it found. */
    public static VerificationResult compared(String what, long checked, long lost, long duplicated,
                                              List<String> mismatches, Map<String, Object> details) {
        return new VerificationResult(checked, what, lost, duplicated, mismatches, "", details);
    }

    /** A comparison that could not be made, and why; nothing was checked. */
    public static VerificationResult undecided(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("undecided: a reason is required");
        }
        return new VerificationResult(0, "", 0, 0, List.of(), reason, Map.of());
    }

    /**
     * Whether the comparison proves the move complete: made, something checked, nothing lost, duplicated or
     * mismatched. The only condition under which a source may be dropped ({@link Migration#dropSource}).
     */
    public boolean complete() {
        return !isUndecided() && checked > 0 && lost == 0 && duplicated == 0 && mismatches.isEmpty();
    }

    /** Whether the comparison could not be made ({@link #undecided} is set). */
    public boolean isUndecided() {
        return !undecided.isEmpty();
    }

    /** This result with {@code key → value} added to its details (a later value replaces an earlier one). */
    public VerificationResult withDetail(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new VerificationResult(checked, what, lost, duplicated, mismatches, undecided, more);
    }

    /** This result with {@code more} mismatch lines appended (e.g. a placement check on top of a data comparison). */
    public VerificationResult withMismatches(List<String> more) {
        List<String> all = new java.util.ArrayList<>(mismatches);
        all.addAll(more);
        return new VerificationResult(checked, what, lost, duplicated, all, undecided, details);
    }
}
