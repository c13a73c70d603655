package io.contmig.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One side of a gate: a number, a quantity of the run judged, the same quantity of a baseline run, or a
 * product/quotient of two expressions. Durations are numbers in milliseconds ({@code 500ms} = 500, {@code 2s} = 2000),
 * the unit of every latency quantity.
 */
public sealed interface Expr permits Expr.Constant, Expr.Ref, Expr.BaselineRef, Expr.Arithmetic {

    /** The value of this expression, or the reason it cannot be computed. */
    Reading evaluate(GateInputs inputs);

    /** Every quantity this expression reads from the run judged, left to right (not those of the baseline). */
    default List<Quantity> quantities() {
        List<Quantity> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    /** Whether this expression reads a quantity of the baseline run ({@code baseline.<function>}). */
    default boolean readsBaseline() {
        return this instanceof BaselineRef
                || (this instanceof Arithmetic a && (a.left().readsBaseline() || a.right().readsBaseline()));
    }

    private static void collect(Expr e, List<Quantity> out) {
        if (e instanceof Ref r) {
            out.add(r.quantity());
        } else if (e instanceof Arithmetic a) {
            collect(a.left(), out);
            collect(a.right(), out);
        }
    }

    /** A literal number or duration (in milliseconds). */
    record Constant(double value) implements Expr {
        @Override
        public Reading evaluate(GateInputs inputs) {
            return Reading.of(value);
        }

        @Override
        public String toString() {
            return value == Math.rint(value) && Math.abs(value) < 1e15
                    ? Long.toString((long) value) : String.format(Locale.ROOT, "%s", value);
        }
    }

    /** A quantity read from the injection's results. */
    record Ref(Quantity quantity) implements Expr {
        public Ref {
            Objects.requireNonNull(quantity, "quantity");
        }

        @Override
        public Reading evaluate(GateInputs inputs) {
            Reading r = inputs.read(quantity);
            return r == null ? Reading.missing("no data for " + quantity.text()) : r;
        }

        @Override
        public String toString() {
            return quantity.text();
        }
    }

    /**
     * A quantity read from the same injection of the baseline run, written {@code baseline.<quantity>}, e.g.
     * {@code baseline.p99(mqtt.e2e, during)}: {@link GateInputs#baseline()} resolves it. Without a baseline it reads
     * as missing ("no baseline given"), so the gate is UNKNOWN, never PASS.
     */
    record BaselineRef(Quantity quantity) implements Expr {
        /** The prefix that makes a quantity the baseline's. */
        public static final String PREFIX = "baseline.";

        public BaselineRef {
            Objects.requireNonNull(quantity, "quantity");
        }

        @Override
        public Reading evaluate(GateInputs inputs) {
            Reading r = inputs.baseline().read(quantity);
            return r == null ? Reading.missing("no data for " + this + " in the baseline") : r;
        }

        @Override
        public String toString() {
            return PREFIX + quantity.text();
        }
    }

    /** {@code left * right} or {@code left / right}; division by zero makes the value missing. */
    record Arithmetic(Expr left, char operator, Expr right) implements Expr {
        public Arithmetic {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
            if (operator != '*' && operator != '/') {
                throw new IllegalArgumentException("operator ('" + operator + "') must be '*' or '/'");
            }
        }

        @Override
        public Reading evaluate(GateInputs inputs) {
            Reading l = left.evaluate(inputs);
            if (!l.known()) {
                return l;
            }
            Reading r = right.evaluate(inputs);
            if (!r.known()) {
                return r;
            }
            if (operator == '*') {
                return Reading.of(l.value() * r.value());
            }
            if (r.value() == 0) {
                return Reading.missing("division by zero: " + right + " is 0");
            }
            return Reading.of(l.value() / r.value());
        }

        @Override
        public String toString() {
            return left + " " + operator + " " + right;
        }
    }
}
