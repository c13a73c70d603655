package io.contmig.runner.study;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.gate.Gate;
import io.contmig.gate.GateResult;
import io.contmig.gate.Verdict;

import java.util.ArrayList;
import java.util.List;

/**
 * Judges a study's SLOs on one trial's {@code report.json}: each SLO on every injection (or the one it names),
 * merged FAIL &gt; UNKNOWN &gt; PASS, as the run's own gates are. A trial without a report (it could not run) meets
 * no SLO. Stateless.
 */
public final class SloCheck {

    private SloCheck() {
    }

    /**
     * One SLO's outcome on one trial.
     *
     * @param slo     the SLO
     * @param verdict PASS only when it held on every injection in its scope
     * @param detail  the failing (or unknown) injection and values; empty when PASS
     */
    public record Outcome(Study.Slo slo, Verdict verdict, String detail) {
    }

    /** Every SLO of {@code slo} judged on {@code report} (null: the trial left no report). */
    public static List<Outcome> judge(List<Study.Slo> slo, JsonNode report) {
        List<Outcome> out = new ArrayList<>();
        for (Study.Slo s : slo) {
            if (report == null) {
                out.add(new Outcome(s, Verdict.UNKNOWN, "the trial left no report.json"));
                continue;
            }
            Gate gate = Gate.parse(s.expression());
            Verdict verdict = Verdict.PASS;
            String detail = "";
            boolean any = false;
            for (JsonNode inj : report.path("injections")) {
                String name = inj.path("name").asText();
                if (!s.injection().isEmpty() && !s.injection().equals(name)) {
                    continue;
                }
                any = true;
                GateResult r = gate.evaluate(new ReportGateInputs(inj));
                if (r.verdict() != Verdict.PASS && verdict.and(r.verdict()) != verdict) {
                    detail = name + ": " + r.detail();
                }
                verdict = verdict.and(r.verdict());
            }
            if (!any) {
                verdict = Verdict.UNKNOWN;
                detail = "no injection " + (s.injection().isEmpty() ? "" : "'" + s.injection() + "' ") + "in the report";
            }
            out.add(new Outcome(s, verdict, detail));
        }
        return out;
    }
}
