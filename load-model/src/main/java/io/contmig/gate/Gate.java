package io.contmig.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A gate: a comparison between two expressions over an injection's results, e.g.
 * {@code p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)}, {@code downtime(rest.listMeasurements) <= 500ms},
 * {@code lost == 0}. Gates are data: {@link #parse} turns the text into this immutable value, {@link #evaluate}
 * judges it against one injection. Which injections a gate applies to (all, or a named one) is the caller's.
 *
 * <h2>Grammar</h2>
 * <pre>
 * gate     := expr cmp expr                      cmp := &lt; | &lt;= | &gt; | &gt;= | == | !=
 * expr     := factor (('*' | '/') factor)*
 * factor   := number [unit] | '(' expr ')' | ['baseline.'] (function | lost | duplicated | checked | mismatches)
 * unit     := ms | s | m | h                      (durations are milliseconds: 2s = 2000)
 * function := stat '(' op [@scope] ',' window ')' | downtime '(' op [@scope] ')'
 * stat     := p50 | p90 | p99 | p999 | max | throughput | errors | count
 * scope    := migrated | colocated | &lt;tenant&gt;
 * window   := before | during | after | &lt;phase name&gt;
 * </pre>
 * Names ({@code op}, tenants, phases) are letters, digits, {@code _ . -}, starting with a letter or {@code _}.
 * Latencies are in milliseconds, so a bare number compared with a latency means milliseconds. {@code baseline.}
 * before a function or a count reads it from the same injection of a baseline run ({@link Expr.BaselineRef}), e.g.
 * {@code p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)}; without a baseline the gate is UNKNOWN.
 *
 * <p>Immutable and thread-safe. {@link #parse} throws {@link GateSyntaxException} naming the position.
 *
 * @param expression the text as given (trimmed)
 * @param left       left-hand side
 * @param comparison the operator
 * @param right      right-hand side
 */
public record Gate(String expression, Expr left, Comparison comparison, Expr right) {

    public Gate {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(right, "right");
    }

    /**
     * Parses a gate expression.
     *
     * @throws GateSyntaxException naming the 0-based position and what was expected there
     */
    public static Gate parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        return new GateParser(expression).parseGate();
    }

    /** Whether the gate reads the baseline run ({@code baseline.} quantities), so it needs one to be judged. */
    public boolean readsBaseline() {
        return left.readsBaseline() || right.readsBaseline();
    }

    /** Every quantity the gate reads from the run judged, left to right (not those of the baseline). */
    public List<Quantity> quantities() {
        List<Quantity> out = new ArrayList<>(left.quantities());
        out.addAll(right.quantities());
        return List.copyOf(out);
    }

    /**
     * Judges this gate against one injection's results: PASS when the comparison holds, FAIL when it does not,
     * UNKNOWN when either side cannot be computed (missing data is never a PASS). Never throws for missing data.
     */
    public GateResult evaluate(GateInputs inputs) {
        Reading l = left.evaluate(inputs);
        Reading r = right.evaluate(inputs);
        if (!l.known() || !r.known()) {
            List<String> causes = new ArrayList<>();
            if (!l.known()) {
                causes.add(l.missing());
            }
            if (!r.known() && !r.missing().equals(l.missing())) {
                causes.add(r.missing());
            }
            return new GateResult(Verdict.UNKNOWN, l.value(), r.value(), String.join("; ", causes));
        }
        if (Double.isInfinite(l.value()) || Double.isInfinite(r.value())) {
            return new GateResult(Verdict.UNKNOWN, l.value(), r.value(), "a side is infinite");
        }
        boolean holds = comparison.test(l.value(), r.value());
        String detail = left + " = " + format(l.value()) + (holds ? " " : " not ") + comparison.symbol() + " "
                + format(r.value()) + (right instanceof Expr.Constant ? "" : " (" + right + ")");
        return new GateResult(holds ? Verdict.PASS : Verdict.FAIL, l.value(), r.value(), detail);
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3f", v);
    }

    @Override
    public String toString() {
        return expression;
    }
}
