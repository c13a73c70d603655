package io.contmig.report;

import io.contmig.gate.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each injection's own verdict and report: its outcome (failed or unfinished ⇒ UNKNOWN), its heal (missing or
 * failed ⇒ UNKNOWN) and its verification ({@link VerificationJudge}), merged FAIL &gt; UNKNOWN &gt; PASS; plus its
 * windows' statistics, the migrated vs co-located tenants and downtime. Not thread-safe (appends to lists).
 */
final class InjectionJudge {

    private final Downtime downtime;
    private final double runEndMs;
    private final List<String> warnings;

    InjectionJudge(Downtime downtime, double runEndMs, List<String> warnings) {
        this.downtime = downtime;
        this.runEndMs = runEndMs;
        this.warnings = warnings;
    }

    /**
     * @param judged  the injection's judged verification (already set on {@code inj})
     * @param causes  receives the non-PASS causes of this injection's verdict
     * @param checked receives the lines saying what a PASS verification checked
     */
    InjectionReport report(InjectionTrack inj, VerificationJudge.Judged judged, List<String> causes,
                           List<String> checked) {
        Verdict verdict = Verdict.PASS;
        if (inj.outcome.equals("failed")) {
            verdict = Verdict.UNKNOWN;
            causes.add("injection '" + inj.name + "' failed" + (inj.reason.isEmpty() ? "" : ": " + inj.reason));
        } else if (inj.unfinished()) {
            verdict = Verdict.UNKNOWN;
            causes.add("injection '" + inj.name + "' never finished (run cut short?)");
        }
        if (!inj.healFailure.isEmpty()) {
            verdict = verdict.and(Verdict.UNKNOWN);
            causes.add("heal of injection '" + inj.name + "' failed: " + inj.healFailure);
        } else if (!inj.healed) {
            verdict = verdict.and(Verdict.UNKNOWN);
            causes.add("injection '" + inj.name + "' has no heal-finished mark");
        }
        verdict = verdict.and(judged.effect());
        (judged.effect() == Verdict.PASS ? checked : causes).addAll(judged.reasons());
        warnings.addAll(judged.warnings());

        Map<String, Map<String, Stats>> migrated = new TreeMap<>();
        Map<String, Map<String, Stats>> colocated = new TreeMap<>();
        for (WindowSlot slot : List.of(inj.before, inj.during, inj.after)) {
            slot.stats(slot.migrated, runEndMs).forEach((op, s) ->
                    migrated.computeIfAbsent(op, k -> new LinkedHashMap<>()).put(slot.name, s));
            slot.stats(slot.colocated, runEndMs).forEach((op, s) ->
                    colocated.computeIfAbsent(op, k -> new LinkedHashMap<>()).put(slot.name, s));
        }
        List<WindowResult> phases = new ArrayList<>();
        for (WindowSlot p : inj.phases) {
            phases.add(p.result(runEndMs));
        }
        WindowResult after = Double.isInfinite(inj.after.startMs) || inj.after.startMs > runEndMs
                ? new WindowResult("after", Math.min(inj.after.startMs, runEndMs), Math.min(inj.after.startMs, runEndMs), Map.of())
                : inj.after.result(runEndMs);
        return new InjectionReport(inj.name, inj.attributes, inj.startMs, inj.endMs, inj.outcome, inj.reason,
                inj.healed, inj.healFailure, phases, inj.before.result(runEndMs), inj.during.result(runEndMs), after,
                migrated, colocated, downtime.perOperation(inj), inj.verification, verdict, inj.writeBlockMs);
    }
}
