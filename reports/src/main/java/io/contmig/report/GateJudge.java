package io.contmig.report;

import io.contmig.gate.Gate;
import io.contmig.gate.GateInputs;
import io.contmig.gate.GateResult;
import io.contmig.gate.GateSyntaxException;
import io.contmig.gate.Verdict;
import io.contmig.plan.PlanDocument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gates: evaluates each gate of the plan against every injection in its scope (all, or the one it names) and
 * merges the results, FAIL &gt; UNKNOWN &gt; PASS. A gate that does not parse, or whose scope holds no injection,
 * is UNKNOWN with the cause. A gate's {@code baseline.} quantities read the same injection of the {@link BaselineRun}
 * (UNKNOWN "no baseline given" without one). Stateless apart from its inputs; not thread-safe.
 */
final class GateJudge {

    private final List<InjectionTrack> injections;
    private final Downtime downtime;
    private final double runEndMs;
    private final BaselineRun baseline;

    /** {@code baseline} is {@code null} when none was given. */
    GateJudge(List<InjectionTrack> injections, Downtime downtime, double runEndMs, BaselineRun baseline) {
        this.injections = injections;
        this.downtime = downtime;
        this.runEndMs = runEndMs;
        this.baseline = baseline;
    }

    /** Every gate of {@code plan}, in plan order. */
    List<GateReport> judge(List<PlanDocument.Gate> gates) {
        List<GateReport> out = new ArrayList<>();
        for (int i = 0; i < gates.size(); i++) {
            PlanDocument.Gate g = gates.get(i);
            out.add(judge("gates[" + i + "]", g.expression(), g.injection() == null ? "" : g.injection()));
        }
        return out;
    }

    private GateReport judge(String path, String expression, String scope) {
        Gate gate;
        try {
            gate = Gate.parse(expression);
        } catch (GateSyntaxException e) {
            return new GateReport(expression, scope, Verdict.UNKNOWN, Double.NaN, path + ": " + e.getMessage(), Map.of());
        }
        Map<String, GateResult> results = new LinkedHashMap<>();
        for (InjectionTrack inj : injections) {
            if (scope.isEmpty() || scope.equals(inj.name)) {
                GateInputs base = baseline == null ? GateInputs.NO_BASELINE : baseline.injection(inj.name);
                results.put(inj.name, gate.evaluate(new InjectionInputs(inj, downtime, runEndMs, base)));
            }
        }
        if (results.isEmpty()) {
            String why = scope.isEmpty() ? "no injection in the timeline" : "injection '" + scope + "' is not in the timeline";
            return new GateReport(gate.expression(), scope, Verdict.UNKNOWN, Double.NaN, why, results);
        }
        Verdict verdict = Verdict.PASS;
        for (GateResult r : results.values()) {
            verdict = verdict.and(r.verdict());
        }
        for (Map.Entry<String, GateResult> e : results.entrySet()) {
            if (e.getValue().verdict() == verdict) {
                String detail = results.size() > 1 || !scope.isEmpty() ? e.getKey() + ": " + e.getValue().detail()
                        : e.getValue().detail();
                return new GateReport(gate.expression(), scope, verdict, e.getValue().value(), detail, results);
            }
        }
        throw new AssertionError("merged verdict " + verdict + " is one of the results");
    }
}
