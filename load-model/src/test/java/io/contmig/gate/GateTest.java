package io.contmig.gate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GateTest {

    /** Resolves quantities from a map keyed by their text; absent keys are missing data. */
    private static GateInputs inputs(Map<String, Double> values) {
        return q -> values.containsKey(q.text()) ? Reading.of(values.get(q.text())) : Reading.missing("no samples for " + q.text());
    }

    @Test
    void parsesRatioGateIntoQuantities() {
        Gate gate = Gate.parse("p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)");
        assertThat(gate.comparison()).isEqualTo(Comparison.LE);
        assertThat(gate.quantities()).containsExactly(
                new Quantity.Windowed(Statistic.P99, "mqtt.e2e", Scope.ALL, "during"),
                new Quantity.Windowed(Statistic.P99, "mqtt.e2e", Scope.ALL, "before"));
        assertThat(gate.right()).isEqualTo(new Expr.Arithmetic(new Expr.Constant(3),
                '*', new Expr.Ref(new Quantity.Windowed(Statistic.P99, "mqtt.e2e", Scope.ALL, "before"))));
    }

    @Test
    void parsesEveryFunctionScopeAndWindow() {
        assertThat(Gate.parse("p50(mqtt.e2e@acme, cutover) < 10").quantities())
                .containsExactly(new Quantity.Windowed(Statistic.P50, "mqtt.e2e", Scope.tenant("acme"), "cutover"));
        assertThat(Gate.parse("p90(rest.getDevice@migrated, catch-up) > p999(rest.getDevice@colocated,after)").quantities())
                .containsExactly(new Quantity.Windowed(Statistic.P90, "rest.getDevice", Scope.MIGRATED, "catch-up"),
                        new Quantity.Windowed(Statistic.P999, "rest.getDevice", Scope.COLOCATED, "after"));
        assertThat(Gate.parse("max(mqtt.e2e, during) != 0").quantities().get(0))
                .isEqualTo(new Quantity.Windowed(Statistic.MAX, "mqtt.e2e", Scope.ALL, "during"));
        assertThat(Gate.parse("throughput(mqtt.publish, during) >= 0.9 * throughput(mqtt.publish, before)").quantities())
                .extracting(q -> ((Quantity.Windowed) q).statistic()).containsExactly(Statistic.THROUGHPUT, Statistic.THROUGHPUT);
        assertThat(Gate.parse("errors(mqtt.publish, during) == 0").quantities())
                .containsExactly(new Quantity.Windowed(Statistic.ERRORS, "mqtt.publish", Scope.ALL, "during"));
        assertThat(Gate.parse("downtime(rest.listMeasurements) <= 500ms").quantities())
                .containsExactly(new Quantity.Downtime("rest.listMeasurements", Scope.ALL));
        assertThat(Gate.parse("lost == 0").quantities()).containsExactly(new Quantity.Verification("lost"));
        assertThat(Gate.parse("  duplicated<=10 ").expression()).isEqualTo("duplicated<=10");
    }

    @ParameterizedTest
    @CsvSource({"500ms,500", "2s,2000", "1.5s,1500", "1m,60000", "1h,3600000", "250,250", "0.5,0.5"})
    void durationsAreMilliseconds(String literal, double millis) {
        Gate gate = Gate.parse("downtime(x) <= " + literal);
        assertThat(gate.right()).isEqualTo(new Expr.Constant(millis));
    }

    @Test
    void evaluatesPassFailAndUnknown() {
        Gate ratio = Gate.parse("p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)");
        GateResult pass = ratio.evaluate(inputs(Map.of("p99(mqtt.e2e, during)", 25.0, "p99(mqtt.e2e, before)", 10.0)));
        assertThat(pass.verdict()).isEqualTo(Verdict.PASS);
        assertThat(pass.value()).isEqualTo(25.0);
        assertThat(pass.threshold()).isEqualTo(30.0);

        GateResult fail = ratio.evaluate(inputs(Map.of("p99(mqtt.e2e, during)", 31.0, "p99(mqtt.e2e, before)", 10.0)));
        assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fail.detail()).contains("31").contains("not <=").contains("30");

        GateResult unknown = ratio.evaluate(inputs(Map.of("p99(mqtt.e2e, during)", 1.0)));
        assertThat(unknown.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(unknown.detail()).isEqualTo("no samples for p99(mqtt.e2e, before)");
    }

    @Test
    void missingDataIsNeverPass() {
        // Even a gate that any number would satisfy is UNKNOWN without data.
        Gate always = Gate.parse("lost >= 0");
        assertThat(always.evaluate(inputs(Map.of())).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(always.evaluate(q -> null).verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void divisionByZeroIsUnknown() {
        Gate gate = Gate.parse("p99(a, during) / p99(a, before) <= 3");
        Map<String, Double> values = new HashMap<>();
        values.put("p99(a, during)", 5.0);
        values.put("p99(a, before)", 0.0);
        GateResult r = gate.evaluate(inputs(values));
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.detail()).contains("division by zero");
        values.put("p99(a, before)", 2.0);
        assertThat(gate.evaluate(inputs(values)).value()).isEqualTo(2.5);
    }

    @Test
    void everyComparisonOperator() {
        GateInputs lostIsTwo = inputs(Map.of("lost", 2.0));
        for (var c : List.of(new Object[] {"<", 3, true}, new Object[] {"<", 2, false}, new Object[] {"<=", 2, true},
                new Object[] {">", 1, true}, new Object[] {">", 2, false}, new Object[] {">=", 2, true},
                new Object[] {"==", 2, true}, new Object[] {"==", 3, false}, new Object[] {"!=", 3, true},
                new Object[] {"!=", 2, false})) {
            Gate g = Gate.parse("lost " + c[0] + " " + c[1]);
            assertThat(g.evaluate(lostIsTwo).verdict()).as(g.expression())
                    .isEqualTo((Boolean) c[2] ? Verdict.PASS : Verdict.FAIL);
        }
    }

    @Test
    void parenthesesAndLeftAssociativity() {
        Gate g = Gate.parse("lost <= (2 * 3) / 4 * 2");
        assertThat(g.evaluate(inputs(Map.of("lost", 3.0))).threshold()).isEqualTo(3.0);
    }

    @Test
    void verdictsMergeFailOverUnknownOverPass() {
        assertThat(Verdict.PASS.and(Verdict.PASS)).isEqualTo(Verdict.PASS);
        assertThat(Verdict.PASS.and(Verdict.UNKNOWN)).isEqualTo(Verdict.UNKNOWN);
        assertThat(Verdict.UNKNOWN.and(Verdict.FAIL)).isEqualTo(Verdict.FAIL);
        assertThat(Verdict.FAIL.and(Verdict.PASS)).isEqualTo(Verdict.FAIL);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "''|0|a gate expression",
            "p99(mqtt.e2e, ) <= 3|14|a window",
            "p99(mqtt.e2e during) <= 3|13|',' and a window",
            "p98(mqtt.e2e, during) <= 3|0|a function",
            "p99(mqtt.e2e, during) =< 3|22|a comparison",
            "p99(mqtt.e2e, during)|21|a comparison",
            "lost == 0 0|10|the end of the expression",
            "downtime(rest.x) <= 5sec|21|a duration unit",
            "downtime(rest.x, during) <= 5|15|downtime takes no window",
            "p99(@acme, during) < 1|4|an operation name",
            "p99(mqtt.e2e@, during) < 1|13|a tenant name",
            "p99(mqtt.e2e, during < 1|21|')'",
            "lost == 1.|10|a digit after '.'",
            "lost == (1|10|')'",
            "lost == *|8|a number"})
    void syntaxErrorsNameThePositionAndWhatWasExpected(String expression, int position, String expected) {
        GateSyntaxException e = catchThrowableOfType(GateSyntaxException.class, () -> Gate.parse(expression));
        assertThat(e).as(expression).isNotNull();
        assertThat(e.position()).as(e.getMessage()).isEqualTo(position);
        assertThat(e.getMessage()).startsWith("at position " + position + ": expected ").contains(expected)
                .contains("\"" + expression + "\"");
    }

    @Test
    void syntaxErrorNamesWhatWasFound() {
        assertThatThrownBy(() -> Gate.parse("p99(mqtt.e2e, ) <= 3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("at position 14: expected a window (before, during, after or a phase name) but found ')'"
                        + " in \"p99(mqtt.e2e, ) <= 3\"");
    }

    @Test
    void baselineQuantitiesParseAndAreToldApartFromTheRunsOwn() {
        Gate gate = Gate.parse("p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)");
        Quantity p99 = new Quantity.Windowed(Statistic.P99, "mqtt.e2e", Scope.ALL, "during");
        assertThat(gate.right()).isEqualTo(new Expr.Arithmetic(new Expr.Constant(1.1), '*', new Expr.BaselineRef(p99)));
        assertThat(gate.quantities()).containsExactly(p99);
        assertThat(gate.readsBaseline()).isTrue();
        assertThat(Gate.parse("p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)").readsBaseline()).isFalse();
        assertThat(Gate.parse("lost <= baseline.lost").right())
                .isEqualTo(new Expr.BaselineRef(new Quantity.Verification("lost")));
        assertThat(Gate.parse("downtime(rest.x@migrated) <= (baseline.downtime(rest.x@migrated) * 2)").right())
                .isEqualTo(new Expr.Arithmetic(new Expr.BaselineRef(new Quantity.Downtime("rest.x", Scope.MIGRATED)),
                        '*', new Expr.Constant(2)));
    }

    @Test
    void baselineReadsTheBaselineInputsAndWithoutOneIsUnknown() {
        Gate gate = Gate.parse("p99(x, during) <= 1.1 * baseline.p99(x, during)");
        GateInputs run = inputs(Map.of("p99(x, during)", 12.0));
        GateResult none = gate.evaluate(run);
        assertThat(none.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(none.detail()).startsWith("no baseline given: baseline.p99(x, during) reads a baseline run");

        GateInputs withBaseline = new GateInputs() {
            @Override
            public Reading read(Quantity q) {
                return run.read(q);
            }

            @Override
            public GateInputs baseline() {
                return inputs(Map.of("p99(x, during)", 10.0));
            }
        };
        GateResult fail = gate.evaluate(withBaseline);
        assertThat(fail.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(fail.threshold()).isCloseTo(11.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(fail.detail()).isEqualTo("p99(x, during) = 12 not <= 11 (1.1 * baseline.p99(x, during))");
        assertThat(Gate.parse("p99(x, during) <= 1.25 * baseline.p99(x, during)").evaluate(withBaseline).verdict())
                .isEqualTo(Verdict.PASS);
        GateResult missing = Gate.parse("p50(x, during) <= baseline.p50(x, after)").evaluate(withBaseline);
        assertThat(missing.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(missing.detail()).contains("no samples for p50(x, during)").contains("no samples for p50(x, after)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "p99(x, during) <= baseline|26|'.' and a function",
            "p99(x, during) <= baseline.|27|after 'baseline.'",
            "p99(x, during) <= baseline.p98(x, during)|27|after 'baseline.'",
            "p99(x, during) <= baseline.baseline.p99(x, during)|27|after 'baseline.'",
            "p99(x, during) <= baseline .p99(x, during)|26|'.' and a function",
            "p99(x, during) <= baseline.p99 x|31|'(' after p99",
            "p99(x, during) <= baseline.p99(x)|32|',' and a window"})
    void malformedBaselineReferencesNameThePosition(String expression, int position, String expected) {
        GateSyntaxException e = catchThrowableOfType(GateSyntaxException.class, () -> Gate.parse(expression));
        assertThat(e).as(expression).isNotNull();
        assertThat(e.getMessage()).as(e.getMessage()).startsWith("at position " + position + ": expected ")
                .contains(expected);
    }
}
