package io.contmig.report;

import io.contmig.gate.GateResult;
import io.contmig.gate.Verdict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One gate of the plan, judged against every injection it applies to.
 *
 * @param expression the gate's text
 * @param injection  the injection it is scoped to, {@code ""} for all
 * @param verdict    merged over its injections (FAIL &gt; UNKNOWN &gt; PASS); UNKNOWN when it applies to none
 * @param value      the left-hand value of the deciding result (first FAIL, else first UNKNOWN, else first
 *                   PASS); {@code NaN} when unknown
 * @param detail     why: the deciding result's detail, or why no injection was judged
 * @param results    per injection name, in timeline order
 */
public record GateReport(String expression, String injection, Verdict verdict, double value, String detail,
                         Map<String, GateResult> results) {

    public GateReport {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(injection, "injection");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(detail, "detail");
        results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    }
}
