package io.contmig.report;

import io.contmig.gate.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The verification rules (README, "Verdict rules"): turns an injection's verifier facts and its tenant's
 * cross-store checks into a {@link Verification}. Nothing is PASS with nothing checked. Stateless and thread-safe.
 */
final class VerificationJudge {

    /**
     * A judged verification with the lines it adds to the run's reasons and warnings.
     *
     * @param effect   what it does to the injection's verdict: the verification's verdict, except PASS for a kind
     *                 that needs no verification (neither migration nor placement) and has none; a fault's
     *                 verification is every tenant's cross-store check
     * @param reasons  causes of a non-PASS verdict, or the one line saying what a PASS checked (for
     *                 {@link RunReport#checked})
     * @param warnings what a reader should know (an injection kind that needs no verification has none)
     */
    record Judged(Verification verification, Verdict effect, List<String> reasons, List<String> warnings) {
    }

    private VerificationJudge() {
    }

    /**
     * @param own        the verifier's facts, empty when the injection has no {@code verification/<injection>.json}
     * @param crossStore every check of {@code verification/cross-store.json}, empty when the record has none
     */
    static Judged judge(InjectionTrack inj, Optional<VerificationFiles.Own> own,
                        Optional<List<VerificationFiles.StoreCheck>> crossStore) {
        List<VerificationFiles.StoreCheck> tenantChecks = new ArrayList<>();
        boolean merged = own.isPresent() && own.get().crossStoreMerged();
        boolean fault = inj.kind().equals("fault");
        if (!merged && (!inj.tenant().isEmpty() || fault)) {
            // A fault hits every tenant: its verification is every tenant's cross-store check.
            crossStore.orElse(List.of()).stream().filter(c -> fault || c.tenant().equals(inj.tenant()))
                    .forEach(tenantChecks::add);
        }
        if (own.isEmpty() && (tenantChecks.isEmpty() || inj.kind().equals("migration"))) {
            return missing(inj, crossStore.isPresent());
        }
        Tally t = new Tally();
        own.ifPresent(t::verifier);
        Map<String, Long> acknowledgedByTenant = new HashMap<>();
        for (VerificationFiles.StoreCheck c : tenantChecks) {
            acknowledgedByTenant.merge(c.tenant(), t.store(c), Math::max);
        }
        long acknowledged = acknowledgedByTenant.values().stream().mapToLong(Long::longValue).sum();
        if (own.isEmpty()) {
            // A placement: the cross-store result of its tenant is its verification (a fault: of every tenant).
            t.checked = acknowledged;
            if (acknowledged == 0 && t.verdict == Verdict.PASS) {
                t.verdict = Verdict.UNKNOWN;
                t.causes.add(fault ? "nothing was checked: no tenant has acknowledged events"
                        : "nothing was checked: tenant '" + inj.tenant() + "' has no acknowledged events");
            }
        }
        Verification v = new Verification(true, t.verdict, t.checked, t.lost, t.duplicated, t.mismatches, t.checks,
                String.join("; ", t.causes));
        List<String> reasons = new ArrayList<>();
        if (t.verdict == Verdict.PASS) {
            reasons.add("verification of '" + inj.name + "' PASS: " + String.join("; ", t.checks));
        } else {
            for (String cause : t.causes) {
                reasons.add("verification of '" + inj.name + "' " + t.verdict + ": " + cause);
            }
        }
        return new Judged(v, t.verdict, reasons, List.of());
    }

    /** The facts of one injection's verification being added up, with the verdict so far. Not thread-safe. */
    private static final class Tally {
        Verdict verdict = Verdict.PASS;
        final List<String> causes = new ArrayList<>();
        final List<String> checks = new ArrayList<>();
        final List<String> mismatches = new ArrayList<>();
        long checked = -1;
        long lost = -1;
        long duplicated = -1;

        /** The verifier's rows: undecided ⇒ UNKNOWN; lost, a mismatch or its own FAIL ⇒ FAIL; nothing checked ⇒ UNKNOWN. */
        void verifier(VerificationFiles.Own o) {
            checked = o.checked();
            lost = o.lost();
            duplicated = o.duplicated();
            mismatches.addAll(o.mismatches());
            checks.add("verifier: " + Math.max(0, o.checked()) + " checked" + (o.what().isEmpty() ? "" : " (" + o.what() + ")")
                    + ", " + Math.max(0, o.lost()) + " lost, " + Math.max(0, o.duplicated()) + " duplicated");
            if (!o.undecided().isEmpty()) {
                verdict = Verdict.UNKNOWN;
                causes.add(o.undecided());
            } else if (o.finding().orElse(Verdict.PASS) == Verdict.FAIL || o.lost() > 0 || !o.mismatches().isEmpty()) {
                verdict = Verdict.FAIL;
                causes.add("lost " + o.lost() + ", duplicated " + o.duplicated());
            } else if (o.checked() <= 0) {
                verdict = Verdict.UNKNOWN;
                causes.add(o.checked() == 0 ? "nothing was checked (checked = 0)"
                        : "it does not say what it checked (no 'checked')");
            }
        }

        /** One store of the tenant: not read ⇒ UNKNOWN; an acknowledged event missing ⇒ FAIL. Returns its acknowledged count. */
        long store(VerificationFiles.StoreCheck c) {
            String where = c.store() + " on " + c.where();
            if (!c.problem().isEmpty()) {
                verdict = verdict.and(Verdict.UNKNOWN);
                causes.add("cross-store check: " + where + " could not be read: " + c.problem());
                checks.add(where + ": not read");
                return 0;
            }
            lost = Math.max(0, lost) + c.lost();
            duplicated = Math.max(0, duplicated) + c.duplicated();
            checks.add(where + ": " + Math.max(0, c.expected()) + " acknowledged events of " + c.tenant()
                    + " looked up, " + c.lost() + " lost, " + c.duplicated() + " duplicated");
            if (c.lost() > 0) {
                verdict = verdict.and(Verdict.FAIL);
                String line = where + ": " + c.lost() + " acknowledged events of " + c.tenant() + " missing"
                        + (c.examples().isEmpty() ? "" : ", e.g. " + String.join(", ", c.examples()));
                mismatches.add(line);
                causes.add("cross-store check: " + line);
            }
            return Math.max(0, c.expected());
        }
    }

    private static Judged missing(InjectionTrack inj, boolean crossStoreRecorded) {
        if (inj.kind().equals("migration")) {
            // contmig writes a verification for every migration (undecided when it could not compare): without one,
            // whether events were lost is unknown, and that is never a silent PASS.
            return new Judged(Verification.missing(), Verdict.UNKNOWN, List.of("migration '" + inj.name + "' has no verification/"
                    + inj.name + ".json: lost and duplicated events are unknown"), List.of());
        }
        if (inj.kind().equals("placement")) {
            String why = !crossStoreRecorded ? "no verification/cross-store.json"
                    : inj.tenant().isEmpty() ? "it names no tenant"
                    : "verification/cross-store.json has no result for tenant '" + inj.tenant() + "'";
            return new Judged(Verification.missing(), Verdict.UNKNOWN, List.of("placement '" + inj.name + "' has no verification ("
                    + why + "): nothing was checked"), List.of());
        }
        return new Judged(Verification.missing(), Verdict.PASS, List.of(), List.of("no verification/" + inj.name
                + ".json: lost and duplicated events of '" + inj.name + "' are unknown"));
    }
}
