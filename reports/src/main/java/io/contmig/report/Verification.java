package io.contmig.report;

import io.contmig.gate.Verdict;

import java.util.List;
import java.util.Objects;

/**
 * What was verified of one injection, judged: the verifier's facts ({@code verification/<injection>.json}) and the
 * cross-store check of the injection's tenant ({@code verification/cross-store.json}) together, with the verdict
 * {@link VerificationJudge} gave them.
 *
 * @param present    whether any verification fact exists for the injection; when not, the counts are -1
 * @param verdict    the judged verdict (see the README's verdict table)
 * @param checked    items checked: the verifier's count, or — with no verifier (a placement) — the tenant's
 *                   acknowledged events; -1 when unknown
 * @param lost       items lost: the verifier's plus the cross-store check's; -1 when unknown
 * @param duplicated extra copies: the verifier's plus the cross-store check's; -1 when unknown
 * @param mismatches the verifier's mismatch descriptions, as given, then one line per store that lost events
 * @param checks     what was checked, one line per source of facts (verifier, each store of the cross-store check)
 * @param cause      why the verdict is not PASS (e.g. "nothing was checked (checked = 0)"); {@code ""} for PASS
 */
public record Verification(boolean present, Verdict verdict, long checked, long lost, long duplicated,
                           List<String> mismatches, List<String> checks, String cause) {

    public Verification {
        Objects.requireNonNull(verdict, "verdict");
        mismatches = List.copyOf(mismatches);
        checks = List.copyOf(checks);
        Objects.requireNonNull(cause, "cause");
    }

    /** No verification fact for the injection. */
    public static Verification missing() {
        return new Verification(false, Verdict.UNKNOWN, -1, -1, -1, List.of(), List.of(), "no verification");
    }
}
