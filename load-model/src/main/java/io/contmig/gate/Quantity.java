package io.contmig.gate;

import java.util.List;
import java.util.Objects;

/**
 * A value a gate reads from an injection's computed results. The set is closed; {@link GateInputs} resolves each
 * kind.
 */
public sealed interface Quantity permits Quantity.Windowed, Quantity.Downtime, Quantity.Verification {

    /** The quantity as written in an expression, e.g. {@code p99(mqtt.e2e@acme, during)}. */
    String text();

    /**
     * A statistic of one operation in one window of the injection.
     *
     * @param statistic which statistic
     * @param operation the operation tag without tenant, e.g. {@code mqtt.e2e}
     * @param scope     which tenants
     * @param window    {@code before}, {@code during}, {@code after} or the name of one of the injection's phases
     */
    record Windowed(Statistic statistic, String operation, Scope scope, String window) implements Quantity {
        public Windowed {
            Objects.requireNonNull(statistic, "statistic");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(window, "window");
        }

        @Override
        public String text() {
            return statistic.function() + "(" + operation + scope.suffix() + ", " + window + ")";
        }
    }

    /**
     * The longest time, in milliseconds, during which an operation had no success around the injection.
     *
     * @param operation the operation tag without tenant
     * @param scope     which tenants
     */
    record Downtime(String operation, Scope scope) implements Quantity {
        public Downtime {
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(scope, "scope");
        }

        @Override
        public String text() {
            return "downtime(" + operation + scope.suffix() + ")";
        }
    }

    /**
     * A count from the injection's verification result: {@code lost}, {@code duplicated}, {@code checked} or
     * {@code mismatches}.
     */
    record Verification(String field) implements Quantity {
        /** The verification counts a gate can read. */
        public static final List<String> FIELDS = List.of("lost", "duplicated", "checked", "mismatches");

        public Verification {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("field ('" + field + "') must be one of " + FIELDS);
            }
        }

        @Override
        public String text() {
            return field;
        }
    }
}
